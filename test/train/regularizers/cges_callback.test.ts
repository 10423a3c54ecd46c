// CgesCallback inside a real model.fit against the same training written out by hand:
// trainOnBatch on each batch, then groupProx and exclusiveProxOriginal from src/prox on every kernel, or
// the regulariser's own proxStep at the scheduled learning rate of the batch's global step.
// Under a cost target, the callback's run ends at or under it as compaction measures it, and the accuracy
// before fine-tuning is measured once, on the model as it is when fine-tuning starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { exclusiveProxOriginal, groupProx, layerCoefficients } from '../../../src/prox/index.js';
import { CgesCallback, makeRegularizer, type RegularizerOptions } from '../../../src/train/regularizers/index.js';
import { CgesError } from '../../../src/util/errors.js';
import { compactModel } from '../../../src/compact/compact_model.js';
import { regularizedKernels } from '../../../src/models/kernels.js';
import { countMacs } from '../../../src/models/macs.js';
import { fakeMnist, twoConvNet } from '../fixtures.js';

await tf.setBackend('cpu');

const [SAMPLES, FEATURES, BATCH, EPOCHS, ETA] = [32, 6, 8, 10, 0.1];
const OPTIONS: RegularizerOptions = { lambda: 0.4, mu: 0.8, grouping: 'input', exclusiveForm: 'original' };

/** dense [6, 5] relu -> dense [5, 2], plain SGD, seeded. */
function tinyModel(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [FEATURES], units: 5, activation: 'relu', kernelInitializer: tfl.initializers.glorotNormal({ seed: 3 }) }),
      tfl.layers.dense({ units: 2, kernelInitializer: tfl.initializers.glorotNormal({ seed: 4 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(ETA), loss: 'meanSquaredError' });
  return model;
}

/** The label depends on the first three features only; the last three are small noise. */
function dataset(): { xs: tf.Tensor; ys: tf.Tensor } {
  return tf.tidy(() => {
    const signal = tf.randomNormal([SAMPLES, 3], 0, 1, 'float32', 5);
    const noise = tf.randomNormal([SAMPLES, 3], 0, 0.05, 'float32', 6);
    const xs = tf.concat([signal, noise], 1);
    const target = tf.sum(signal, 1, true);
    return { xs, ys: tf.concat([target, tf.neg(target)], 1) };
  });
}

function kernelsOf(model: tfl.LayersModel): Float32Array[] {
  return model.layers.map((layer) => layer.getWeights()[0].dataSync() as Float32Array);
}

test('CgesCallback in model.fit equals trainOnBatch followed by the prox functions, and zeroes the noise inputs', async () => {
  const { xs, ys } = dataset();
  const seen: number[] = [];
  const model = tinyModel();
  const callback = new CgesCallback(model, makeRegularizer('cges', OPTIONS), {
    learningRate: (step) => { seen.push(step); return ETA; },
  });
  const before = tf.memory().numTensors;
  await model.fit(xs, ys, { batchSize: BATCH, epochs: EPOCHS, shuffle: false, verbose: 0, callbacks: [callback] });
  assert.equal(tf.memory().numTensors, before, 'fit with the callback leaked tensors');
  const steps = (SAMPLES / BATCH) * EPOCHS;
  assert.deepEqual(seen, Array.from({ length: steps }, (_, i) => i));
  assert.equal(callback.step, steps);

  const reference = tinyModel();
  const coefficients = layerCoefficients({ numLayers: 2, mu: OPTIONS.mu }); // cG = [0.8, 0.2], cE = [0.2, 0.8]
  for (let step = 0; step < steps; step++) {
    const start = (step * BATCH) % SAMPLES;
    const [xb, yb] = [tf.slice(xs, [start, 0], [BATCH, -1]), tf.slice(ys, [start, 0], [BATCH, -1])];
    await reference.trainOnBatch(xb, yb);
    reference.layers.forEach((layer, l) => {
      const [kernel, bias] = layer.getWeights();
      const t = ETA * OPTIONS.lambda;
      const next = tf.tidy(() => exclusiveProxOriginal(groupProx(kernel, t * coefficients[l].group, 'input'), t * coefficients[l].exclusive, 'input'));
      layer.setWeights([next, bias]);
      next.dispose();
    });
    tf.dispose([xb, yb]);
  }
  const actual = kernelsOf(model);
  const expected = kernelsOf(reference);
  actual.forEach((values, l) => values.forEach((x, i) => {
    assert.ok(Math.abs(x - expected[l][i]) < 1e-5, `layer ${l} index ${i}: ${x} vs ${expected[l][i]}`);
    assert.equal(x === 0, expected[l][i] === 0, `layer ${l} index ${i}: zero pattern`);
  }));
  // Group sparsity over input rows removes the three noise features and keeps the three that matter.
  const rows = Array.from({ length: FEATURES }, (_, r) => actual[0].slice(r * 5, r * 5 + 5));
  rows.forEach((row, r) => assert.equal(row.every((x) => x === 0), r >= 3, `input feature ${r}: ${row}`));
  tf.dispose([xs, ys]);
  model.dispose();
  reference.dispose();
});

test('CgesCallback continues from startStep and checks its options', async () => {
  const model = tinyModel();
  const regularizer = makeRegularizer('group', OPTIONS);
  assert.throws(() => new CgesCallback(model, regularizer, { learningRate: -1 }), CgesError);
  assert.throws(() => new CgesCallback(model, regularizer, { learningRate: 0.1, startStep: 1.5 }), /startStep/);
  const callback = new CgesCallback(model, regularizer, { learningRate: 0.1, startStep: 100 });
  await callback.onBatchEnd();
  assert.equal(callback.step, 101);
  const failing = new CgesCallback(model, regularizer, { learningRate: () => Number.NaN });
  await assert.rejects(failing.onBatchEnd(), /learning rate/);
  model.dispose();
});

test('each batch gets the regulariser\'s proxStep after its gradient step, at eta of its global step from startStep', async () => {
  const { xs, ys } = dataset();
  const [startStep, epochs] = [7, 2];
  // The prox's learning rate changes with the step; the optimiser's stays 0.1, so only the prox sees it.
  const eta = (step: number) => 1.5 / (8 + step);
  const options: RegularizerOptions = { lambda: 1, mu: 0.8, grouping: 'unit', exclusiveForm: 'original' };
  const model = tinyModel();
  const callback = new CgesCallback(model, makeRegularizer('cges', options), { learningRate: eta, startStep });
  await model.fit(xs, ys, { batchSize: BATCH, epochs, shuffle: false, verbose: 0, callbacks: [callback] });

  const reference = tinyModel();
  const regularizer = makeRegularizer('cges', options).forModel?.(reference);
  assert.ok(regularizer !== undefined);
  const steps = (SAMPLES / BATCH) * epochs;
  for (let step = 0; step < steps; step++) {
    const start = (step * BATCH) % SAMPLES;
    const [xb, yb] = [tf.slice(xs, [start, 0], [BATCH, -1]), tf.slice(ys, [start, 0], [BATCH, -1])];
    await reference.trainOnBatch(xb, yb);
    regularizer.proxStep(regularizedKernels(reference), eta(startStep + step));
    tf.dispose([xb, yb]);
  }
  assert.equal(callback.step, startStep + steps);
  const [actual, expected] = [model, reference].map((m) => m.getWeights().map((weight) => Array.from(weight.dataSync())));
  assert.deepEqual(actual, expected);
  // The prox did work: some hidden unit's group is gone.
  assert.ok(actual[0].some((x) => x === 0), 'the prox removed nothing');
  tf.dispose([xs, ys]);
  model.dispose();
  reference.dispose();
});

/** tinyModel with a dropout layer between the two dense layers. */
function dropoutModel(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [FEATURES], units: 5, activation: 'relu', kernelInitializer: tfl.initializers.glorotNormal({ seed: 3 }) }),
      tfl.layers.dropout({ rate: 0.5 }),
      tfl.layers.dense({ units: 2, kernelInitializer: tfl.initializers.glorotNormal({ seed: 4 }) }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(ETA), loss: 'meanSquaredError' });
  return model;
}

async function fitWithDropout(seed: number | undefined): Promise<number[]> {
  const model = dropoutModel();
  const { xs, ys } = dataset();
  const callback = new CgesCallback(model, makeRegularizer('cges', OPTIONS), { learningRate: ETA, seed });
  await model.fit(xs, ys, { batchSize: BATCH, epochs: 2, shuffle: false, verbose: 0, callbacks: [callback] });
  const kernels = model.getWeights().flatMap((weight) => [...weight.dataSync()]);
  tf.dispose([xs, ys]);
  model.dispose();
  return kernels;
}

test('CgesCallback with a seed replays the dropout masks of model.fit, and another seed draws others', async () => {
  const first = await fitWithDropout(7);
  assert.deepEqual(await fitWithDropout(7), first);
  assert.notDeepEqual(await fitWithDropout(8), first);
  assert.throws(() => new CgesCallback(dropoutModel(), makeRegularizer('cges', OPTIONS), { learningRate: 0.1, seed: 0.5 }), /seed/);
});

/** The fraction of `labels` (one-hot) whose argmax `model`'s logits on `xs` hit. */
function accuracyOf(model: tfl.LayersModel, xs: tf.Tensor, labels: tf.Tensor): number {
  return tf.tidy(() => tf.mean(tfl.metrics.categoricalAccuracy(labels, model.predict(xs) as tf.Tensor)).dataSync()[0]);
}

test('under a cost target, model.fit with the callback ends at or under it, fine-tuned, masked units still zero', async () => {
  const model = twoConvNet(1);
  // The net ends in logits.
  model.compile({ optimizer: tf.train.sgd(0.05), loss: (labels, logits) => tf.losses.softmaxCrossEntropy(labels, logits) });
  const data = fakeMnist(200, 1);
  const xs = tf.tensor4d(data.images, [data.count, 28, 28, 1]);
  const ys = tf.oneHot(tf.tensor1d(data.labels, 'int32'), 3);
  const heldOut = fakeMnist(60, 2);
  const [testXs, testYs] = [tf.tensor4d(heldOut.images, [heldOut.count, 28, 28, 1]), tf.oneHot(tf.tensor1d(heldOut.labels, 'int32'), 3)];
  const regularizer = makeRegularizer('cges', { lambda: 1e-4, mu: 0.8, grouping: 'unit', exclusiveForm: 'original' });
  const [epochs, batchSize] = [2, 10];
  // The weights after every batch, and what the accuracy measure saw when it was called.
  const afterBatch: number[][][] = [];
  const measured: { step: number; weights: number[][]; value: number }[] = [];
  const weightsOf = () => model.getWeights().map((weight) => Array.from(weight.dataSync()));
  const callback = new CgesCallback(model, regularizer, {
    learningRate: 0.05,
    structure: {
      target: { macs: 0.3 }, finetune: 10, steps: epochs * (data.count / batchSize),
      accuracy: () => {
        const value = accuracyOf(model, testXs, testYs);
        measured.push({ step: callback.step, weights: weightsOf(), value });
        return value;
      },
    },
  });
  const recorder = new tfl.CustomCallback({ onBatchEnd: async () => { afterBatch.push(weightsOf()); } });
  await model.fit(xs, ys, { epochs, batchSize, shuffle: false, callbacks: [callback, recorder], verbose: 0 });
  const control = callback.control;
  assert.ok(control !== undefined && control.phase === 'finetune' && control.reachedAtStep !== null, JSON.stringify(control));
  // Measured once, when fine-tuning started, on the model after that step's masks and forced removals.
  assert.equal(measured.length, 1);
  const [atStart] = measured;
  assert.ok(control.finetuneStartStep !== null && control.finetuneStartStep < afterBatch.length);
  assert.equal(atStart.step, control.finetuneStartStep);
  assert.deepEqual(atStart.weights, afterBatch[control.finetuneStartStep - 1]);
  assert.equal(control.testAccuracyBeforeFinetune, atStart.value);
  // An independent count of the hits, from the logits of the weights recorded at that step.
  const then = twoConvNet(1);
  then.setWeights(atStart.weights.map((values, i) => tf.tensor(values, then.weights[i].read().shape)));
  const logits = tf.tidy(() => (then.predict(testXs) as tf.Tensor).arraySync() as number[][]);
  const hits = logits.filter((row, i) => row.indexOf(Math.max(...row)) === heldOut.labels[i]).length;
  // (the mean over the batch is a float32 sum: one ulp apart at most)
  assert.ok(Math.abs(atStart.value - hits / heldOut.count) < 1e-6, `${atStart.value} vs ${hits} of ${heldOut.count}`);
  then.dispose();
  // What the controller steered by is what compaction then builds, and the masked units are still exactly zero.
  const compaction = await compactModel(model);
  assert.ok(countMacs(compaction.model).total <= 0.3 * countMacs(model).total);
  for (const [layer, units] of Object.entries(control.masks)) {
    const kernel = model.getLayer(layer).getWeights()[0];
    const cols = kernel.shape[kernel.shape.length - 1];
    const values = kernel.dataSync();
    for (const u of units) for (let i = u; i < values.length; i += cols) assert.equal(values[i], 0);
  }
  assert.throws(() => new CgesCallback(model, regularizer, { learningRate: 0.05, structure: { target: { macs: 0.3 }, steps: 0 } }),
    /^CgesError: structure.steps must be an integer > startStep \(0\), got 0$/);
  compaction.model.dispose();
  tf.dispose([xs, ys, testXs, testYs]);
  model.dispose();
});
