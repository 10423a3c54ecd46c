// The shrinker a training run uses: the compaction of a model with dead units, equal on the logits, and
// any tensor shaped like the old weights (an optimiser slot) sliced as the weights were, checked against
// tf.gather on the kernels' own axes; on a chain, and on a residual model with BatchNorm and a depthwise
// convolution, where training the shrunk model goes on as training the masked one does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { shrinkForTraining } from '../../src/compact/shrink_for_training.js';
import { makeOptimizer, type OptimizerName, type ScheduledOptimizer } from '../../src/train/optimizers.js';
import { shrinkOptimizer } from '../../src/train/shrink.js';
import { makeTrainStep } from '../../src/train/train_step.js';
import {
  editLayer, editWeight, gatherResidualNet, maskResidualNet, maxOutputDiff, mixedNet, randomizeWeights, residualNet,
  residualNetKept, seededValues, uniformInputs, zeroAlong, zeroColumn, zeroMixedNet,
} from '../structure/fixtures.js';

/** conv 3x3 same (4 filters) on 6x6x1 -> flatten -> dense 5 relu -> dense 3, with filter 1 and fc1 unit 3 dead. */
function modelWithDeadUnits(): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.conv2d({ name: 'conv', inputShape: [6, 6, 1], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }));
  model.add(tfl.layers.flatten({ name: 'flatten' }));
  model.add(tfl.layers.dense({ name: 'fc1', units: 5, activation: 'relu' }));
  model.add(tfl.layers.dense({ name: 'fc2', units: 3 }));
  randomizeWeights(model);
  // Dead as a mask leaves a unit: no incoming weight and a zero bias, so it outputs relu(0) = 0.
  editLayer(model, 'conv', (kernel, bias) => { zeroColumn(kernel, 4, 1); if (bias) bias[1] = 0; });
  editLayer(model, 'fc1', (kernel, bias) => { zeroColumn(kernel, 5, 3); if (bias) bias[3] = 0; });
  return model;
}

test('a shrunk model computes the same logits and slot-shaped tensors are sliced like its weights', async () => {
  const model = modelWithDeadUnits();
  const shrunk = await shrinkForTraining(model);
  const inputs = uniformInputs([8, 6, 6, 1]);
  assert.ok(maxOutputDiff(model, shrunk.model, inputs) < 1e-5);
  assert.ok(shrunk.check.maxAbsDiff < 1e-5 && shrunk.check.scale > 0);

  // Slot-like tensors: the weights plus 100, so they differ from the weights and nothing is folded.
  const slots = model.trainableWeights.map((weight) => tf.add(weight.read(), 100));
  const sliced = shrunk.sliceLikeWeights(slots);
  const [convK, convB, fc1K, fc1B, fc2K, fc2B] = slots;
  const keptFilters = [0, 2, 3];
  const keptUnits = [0, 1, 2, 4];
  const expected = tf.tidy(() => [
    tf.gather(convK, keptFilters, 3),
    tf.gather(convB, keptFilters),
    // fc1's rows are 36 positions x 4 channels, channel fastest.
    tf.reshape(tf.gather(tf.gather(tf.reshape(fc1K, [36, 4, 5]), keptFilters, 1), keptUnits, 2), [36 * 3, 4]),
    tf.gather(fc1B, keptUnits),
    tf.gather(fc2K, keptUnits, 0),
    fc2B.clone(),
  ]);
  assert.deepEqual(sliced.map((t) => t.shape), shrunk.model.trainableWeights.map((w) => w.shape));
  assert.deepEqual(sliced.map((t) => Array.from(t.dataSync())), expected.map((t) => Array.from(t.dataSync())));
  tf.dispose([inputs, ...slots, ...sliced, ...expected]);
  shrunk.model.dispose();
  model.dispose();
});

const INPUT = [6, 6, 2];
/** residualNet with stream channel 1 and a1's channel 2 masked out. */
const KEPT = residualNetKept(1, 2);

function maskedResidualNet(): tfl.LayersModel {
  const model = residualNet(INPUT);
  maskResidualNet(model, 1, 2);
  return model;
}

/** Steps of plain training (no regulariser) on seeded batches of 8, labels 0..2. */
function trainSteps(model: tfl.LayersModel, optimizer: ScheduledOptimizer, steps: number, seed: number): void {
  const step = makeTrainStep({ model, optimizer, regularizer: { lossTerm: () => null, proxStep: () => undefined }, kernels: [] });
  for (let s = 0; s < steps; s++) {
    const xs = uniformInputs([8, ...INPUT], seed + s) as tf.Tensor4D;
    const labels = tf.tensor1d(Array.from(seededValues(8, seed + 100 + s), (v) => Math.floor((v + 1) * 1.5)), 'int32');
    step(xs, labels, 0.01);
    tf.dispose([xs, labels]);
  }
}

async function slotValues(optimizer: ScheduledOptimizer): Promise<{ name: string; values: number[] }[]> {
  const weights = await optimizer.getWeights();
  const out = weights.slice(1).map(({ name, tensor }) => ({ name, values: Array.from(tensor.dataSync()) }));
  tf.dispose(weights[0].tensor);
  return out;
}

for (const optimizer of ['momentum', 'adam'] as const satisfies readonly OptimizerName[]) {
  test(`a residual conv-BN model shrinks to equal logits, with its ${optimizer} slots and BatchNorm statistics sliced like its weights`, async () => {
    const model = residualNet(INPUT);
    const opt = makeOptimizer(optimizer, 0.01);
    // Trained before the mask, so every slot and moving statistic holds values of its own.
    trainSteps(model, opt, 3, 20);
    maskResidualNet(model, 1, 2);
    const names = model.trainableWeights.map((weight) => weight.originalName);
    const expectedSlots = (await slotValues(opt)).map(({ values }, i) => {
      const old = model.trainableWeights[i % names.length];
      const slot = tf.tensor(values, old.shape.map((d) => d ?? 0));
      const gathered = gatherResidualNet(KEPT, names[i % names.length], slot);
      const result = Array.from(gathered.dataSync());
      tf.dispose([slot, gathered]);
      return result;
    });
    assert.ok(expectedSlots.every((slot) => slot.some((v) => v !== 0)), 'a slot is all zeros');

    const shrunk = await shrinkForTraining(model);
    const inputs = uniformInputs([16, ...INPUT], 9);
    assert.ok(maxOutputDiff(model, shrunk.model, inputs) <= 1e-5);
    // Every weight, BatchNorm's moving statistics included, is the original's gathered on the kept indices.
    for (const [i, weight] of shrunk.model.weights.entries()) {
      const source = model.weights[i];
      assert.equal(weight.originalName, source.originalName);
      const expected = gatherResidualNet(KEPT, source.originalName, source.read());
      assert.deepEqual(Array.from(weight.read().dataSync()), Array.from(expected.dataSync()), weight.originalName);
      expected.dispose();
    }
    const next = await shrinkOptimizer(opt, optimizer, model, shrunk, 0.01);
    const slots = await slotValues(next);
    assert.equal(slots.length, expectedSlots.length);
    slots.forEach(({ name, values }, i) => assert.deepEqual(values, expectedSlots[i], name));
    tf.dispose(inputs);
    next.dispose();
    shrunk.model.dispose();
    model.dispose();
  });
}

test('training the shrunk residual model goes on as training the masked one does (Adam)', async () => {
  // Two masked twins trained alike; one goes on shrunk. The masked sets get zero gradients, so they stay
  // zero without masks, and the live weights see the same sums plus exact zeros. Weights, BatchNorm
  // statistics and Adam's moments must all have been carried over for the two to stay equal.
  const masked = maskedResidualNet();
  const twin = maskedResidualNet();
  const maskedOpt = makeOptimizer('adam', 0.01);
  let twinOpt = makeOptimizer('adam', 0.01);
  trainSteps(masked, maskedOpt, 3, 40);
  trainSteps(twin, twinOpt, 3, 40);
  const shrunk = await shrinkForTraining(twin);
  twinOpt = await shrinkOptimizer(twinOpt, 'adam', twin, shrunk, 0.01);
  trainSteps(masked, maskedOpt, 4, 50);
  trainSteps(shrunk.model, twinOpt, 4, 50);
  let worst = 0;
  for (const [i, weight] of shrunk.model.weights.entries()) {
    const expected = gatherResidualNet(KEPT, masked.weights[i].originalName, masked.weights[i].read());
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(weight.read(), expected))).dataSync()[0]);
    worst = Math.max(worst, diff);
    expected.dispose();
  }
  // Exact on the cpu backend: the masked model's sums are the shrunk one's, in the same order, plus exact zeros.
  assert.equal(worst, 0, `max |weight difference| ${worst}`);
  for (const opt of [maskedOpt, twinOpt]) opt.dispose();
  for (const m of [masked, twin, shrunk.model]) m.dispose();
});

test('a bias a fold gives a layer that had none starts with zero slots; the other weights\' slots are gathered', async () => {
  const x = tfl.input({ shape: [6, 6, 2] });
  const apply = (layer: tfl.layers.Layer, t: tfl.SymbolicTensor) => layer.apply(t) as tfl.SymbolicTensor;
  const first = apply(tfl.layers.batchNormalization({ name: 'bn' }),
    apply(tfl.layers.conv2d({ name: 'conv1', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }), x));
  const second = apply(tfl.layers.conv2d({ name: 'conv2', filters: 3, kernelSize: 3, useBias: false }), first);
  const out = apply(tfl.layers.dense({ name: 'head', units: 2 }), apply(tfl.layers.globalAveragePooling2d({ name: 'gap' }), second));
  const model = tfl.model({ inputs: x, outputs: out });
  randomizeWeights(model);
  // conv1's filter 2 is relu(0.4), normalised: a constant that conv2 (VALID) takes into a bias of its own.
  zeroAlong(model, 'conv1', 'kernel', 3, 2);
  editWeight(model, 'conv1', 'bias', (b) => { b[2] = 0.4; });
  const shrunk = await shrinkForTraining(model);
  const inputs = uniformInputs([8, 6, 6, 2]);
  assert.ok(maxOutputDiff(model, shrunk.model, inputs) <= 1e-5);
  assert.deepEqual(shrunk.model.trainableWeights.map((w) => w.originalName),
    ['conv1/kernel', 'conv1/bias', 'bn/gamma', 'bn/beta', 'conv2/kernel', 'conv2/bias', 'head/kernel', 'head/bias']);
  const slots = model.trainableWeights.map((weight) => tf.add(weight.read(), 100));
  const sliced = shrunk.sliceLikeWeights(slots);
  const kept = [0, 1, 3];
  const [k1, b1, gamma, beta, k2, headK, headB] = slots;
  const expected = tf.tidy(() => [
    tf.gather(k1, kept, 3), tf.gather(b1, kept), tf.gather(gamma, kept), tf.gather(beta, kept), tf.gather(k2, kept, 2),
    tf.zeros([3]), headK.clone(), headB.clone(),
  ]);
  sliced.forEach((tensor, i) => assert.deepEqual(Array.from(tensor.dataSync()), Array.from(expected[i].dataSync()), String(i)));
  tf.dispose([inputs, ...slots, ...sliced, ...expected]);
  shrunk.model.dispose();
  model.dispose();
});

test('on a depthwise (multiplier 2), separable and concatenating model, every slot is sliced as its weight was', async () => {
  const model = mixedNet(4, 5);
  randomizeWeights(model);
  // Residual channel 1 unread everywhere, sep's filter 0 constant, folded into the head's bias.
  zeroMixedNet(model);
  const shrunk = await shrinkForTraining(model);
  // The weights themselves, sliced like weights, are the compacted model's, but for the bias a fold changed.
  const sliced = shrunk.sliceLikeWeights(model.trainableWeights.map((weight) => weight.read()));
  const names = shrunk.model.trainableWeights.map((weight) => weight.originalName);
  assert.ok(names.includes('sep/pointwise_kernel') && names.includes('dw/depthwise_kernel'));
  shrunk.model.trainableWeights.forEach((weight, i) => {
    if (weight.originalName === 'head/bias') return;
    assert.deepEqual(sliced[i].shape, weight.shape, weight.originalName);
    assert.deepEqual(Array.from(sliced[i].dataSync()), Array.from(weight.read().dataSync()), weight.originalName);
  });
  // sep reads dw's 6 remaining channels through 2 depthwise outputs each.
  assert.deepEqual(shrunk.model.getLayer('sep').getWeights()[1].shape, [1, 1, 12, 4]);
  tf.dispose(sliced);
  shrunk.model.dispose();
  model.dispose();
});
