// Shrinking while training: a run under a cost target goes on with its compaction, each shrink proven
// equal on the logits, and a run resumed from a checkpoint taken after a shrink is bit-identical to one
// that never stopped (weights, momentum or Adam slots and the rest of its log). shrinkOptimizer slices
// every slot set (Adam's two moments) as the weights were, checked against tf.gather on the kept units,
// and carries plain SGD (no slots) over with its step count alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { shrinkForTraining } from '../../src/compact/shrink_for_training.js';
import { LOGIT_TOLERANCE } from '../../src/compact/verify.js';
import { countMacs } from '../../src/models/macs.js';
import { readCheckpoint, writeCheckpoint } from '../../src/train/checkpoint.js';
import { makeOptimizer, type OptimizerName } from '../../src/train/optimizers.js';
import { makeRegularizer } from '../../src/train/regularizers/index.js';
import { shrinkOptimizer } from '../../src/train/shrink.js';
import { zeroUnits } from '../../src/train/unit_weights.js';
import { unitCouplings } from '../../src/structure/unit_groups.js';
import { snapshotModel, type TrainStateSnapshot } from '../../src/train/train_state.js';
import { createTrainState, train, type ShrinkEvent, type TrainEvent, type TrainOptions } from '../../src/train/trainer.js';
import { fakeMnist, twoConvNet } from './fixtures.js';

const data = { train: fakeMnist(200, 1), test: fakeMnist(40, 2) };

function shrinkingRun(model: tfl.LayersModel, extra: Partial<TrainOptions> = {}): TrainOptions {
  return {
    model, data,
    regularizer: makeRegularizer('cges', { lambda: 1e-4, mu: 0.8, grouping: 'unit', exclusiveForm: 'original' }),
    grouping: 'unit', iterations: 40, batchSize: 10, seed: 5, optimizer: 'momentum',
    schedule: { baseLr: 0.05, stepsize: 100, decayRate: 1 }, displayEvery: 5, testEvery: 5,
    structure: { target: { macs: 0.3 }, finetune: 10, shrink: shrinkForTraining },
    ...extra,
  };
}

async function values(tensors: tf.Tensor[]): Promise<number[][]> {
  return Promise.all(tensors.map(async (tensor) => Array.from(await tensor.data())));
}

test('a run under a target trains its compaction: smaller at each shrink, logits equal, target met', async () => {
  const events: TrainEvent[] = [];
  const options = shrinkingRun(twoConvNet(1), { onEvent: (event) => events.push(event) });
  const result = await train(options);
  const shrinks = events.filter((event): event is ShrinkEvent => event.event === 'shrink');
  assert.ok(shrinks.length > 0, 'the run never shrank');
  for (const shrink of shrinks) {
    assert.ok(shrink.maxAbsLogitDiff <= LOGIT_TOLERANCE * shrink.logitScale, JSON.stringify(shrink));
  }
  const dense = countMacs(options.model).total;
  assert.deepEqual(result.control.shrinkSteps, shrinks.map((shrink) => shrink.step));
  assert.equal(shrinks[shrinks.length - 1].macs, countMacs(result.state.model).total);
  assert.ok(countMacs(result.state.model).total <= 0.3 * dense);
  assert.ok(result.compacted.macsFraction <= 0.3);
  // Figures stay shares of the model the run started from, not of the smaller training model.
  const lastTest = events.filter((event) => event.event === 'test').at(-1);
  assert.equal(lastTest?.event === 'test' && lastTest.macs.dense, dense);
  // The caller's model is left as it was; the run's own intermediate models are disposed.
  assert.equal(options.model.layers[0].getWeights()[0].shape[3], 8);
  result.state.optimizer.dispose();
  result.state.model.dispose();
  options.model.dispose();
});

for (const optimizer of ['momentum', 'adam'] as const) {
test(`a run resumed from a checkpoint taken after a shrink is bit-identical to one that never stopped (${optimizer})`, async () => {
  const straightEvents: TrainEvent[] = [];
  const straight = shrinkingRun(twoConvNet(1), { optimizer, onEvent: (event) => straightEvents.push(event) });
  const whole = await train(straight);
  const firstShrink = whole.control.shrinkSteps?.[0];
  assert.ok(firstShrink !== undefined && firstShrink < 35, `first shrink at ${firstShrink}`);
  const stopAt = firstShrink + 2;

  // Stopped two steps after the first shrink; the checkpoint goes through the files it would be read from.
  const dir = mkdtempSync(join(tmpdir(), 'cges-shrink-'));
  let step = 0;
  const stopped = shrinkingRun(twoConvNet(1), {
    optimizer,
    onStep: (s) => { step = s; },
    shouldStop: () => step >= stopAt,
    onCheckpoint: async (state) => writeCheckpoint(dir, await state.snapshot(), null),
  });
  const first = await train(stopped);
  assert.ok(first.stopped);
  const snapshot: TrainStateSnapshot = readCheckpoint(dir).snapshot;
  rmSync(dir, { recursive: true });
  assert.ok(snapshot.topology !== undefined, 'the checkpoint holds no topology');

  const resumedEvents: TrainEvent[] = [];
  const model = await snapshotModel(snapshot, () => twoConvNet(1));
  assert.ok(countMacs(model).total < countMacs(straight.model).total, 'the resumed model is not the shrunk one');
  const resumed = shrinkingRun(model, { optimizer, onEvent: (event) => resumedEvents.push(event) });
  const state = createTrainState(resumed);
  await state.restore(snapshot);
  const rest = await train({ ...resumed, state });

  assert.deepEqual(await values(rest.state.model.getWeights()), await values(whole.state.model.getWeights()));
  const slots = async (result: typeof whole) => values((await result.state.optimizer.getWeights()).map(({ tensor }) => tensor));
  assert.deepEqual(await slots(rest), await slots(whole));
  assert.deepEqual(resumedEvents, straightEvents.filter((event) => event.step > stopAt));
  for (const result of [whole, first, rest]) result.state.optimizer.dispose();
  const models = new Set([whole, first, rest].map((result) => result.state.model));
  [straight.model, stopped.model, model].forEach((m) => models.add(m));
  models.forEach((m) => m.dispose());
});
}

/** twoConvNet(1) after a few steps of `optimizer` (so its slots hold values), with these units zeroed. */
const ZEROED = { conv1: [1, 4], conv2: [2, 5], fc1: [3, 7, 10] };

async function trainedThenZeroed(optimizer: OptimizerName) {
  const model = twoConvNet(1);
  const opt = makeOptimizer(optimizer, 0.01);
  model.compile({ optimizer: opt, loss: (labels, logits) => tf.losses.softmaxCrossEntropy(labels, logits) });
  const batch = fakeMnist(30, 4);
  const xs = tf.tensor4d(batch.images, [batch.count, 28, 28, 1]);
  const ys = tf.oneHot(tf.tensor1d(batch.labels, 'int32'), 3);
  await model.fit(xs, ys, { epochs: 1, batchSize: 10, shuffle: false, verbose: 0 });
  tf.dispose([xs, ys]);
  for (const coupling of unitCouplings(model)) zeroUnits(coupling, ZEROED[coupling.producer.name as keyof typeof ZEROED]);
  return { model, opt };
}

const keptOf = (units: number, zeroed: number[]) => Array.from({ length: units }, (_, u) => u).filter((u) => !zeroed.includes(u));

/**
 * A tensor shaped like one of twoConvNet's trainable weights, gathered on the units compaction keeps: conv
 * kernels [kh, kw, in, out] on both channel axes, fc1's kernel on the rows p * 8 + c of the flattened
 * [7, 7, 8] map, biases on their units.
 */
function gatheredLikeWeight(weightName: string, tensor: tf.Tensor): tf.Tensor {
  const conv1 = keptOf(8, ZEROED.conv1);
  const conv2 = keptOf(8, ZEROED.conv2);
  const fc1 = keptOf(16, ZEROED.fc1);
  const flatRows = Array.from({ length: 49 }, (_, p) => conv2.map((c) => p * 8 + c)).flat();
  const along = (t: tf.Tensor, pairs: [number[], number][]) =>
    pairs.reduce((acc, [indices, axis]) => tf.gather(acc, tf.tensor1d(indices, 'int32'), axis), t);
  const plans: Record<string, [number[], number][]> = {
    'conv1/kernel': [[conv1, 3]], 'conv1/bias': [[conv1, 0]],
    'conv2/kernel': [[conv1, 2], [conv2, 3]], 'conv2/bias': [[conv2, 0]],
    'fc1/kernel': [[flatRows, 0], [fc1, 1]], 'fc1/bias': [[fc1, 0]],
    'fc2/kernel': [[fc1, 0]], 'fc2/bias': [],
  };
  const plan = plans[weightName];
  assert.ok(plan !== undefined, weightName);
  return tf.tidy(() => along(tensor, plan));
}

test('shrinkOptimizer slices both of Adam\'s slot sets like the weights and keeps the step count', async () => {
  const { model, opt } = await trainedThenZeroed('adam');
  const before = await opt.getWeights();
  const names = model.trainableWeights.map((weight) => (weight.read() as tf.Variable).name);
  // Adam's slots: the iteration count, then every weight's first moment, then every second moment.
  assert.deepEqual(before.slice(1).map(({ name }) => name), [...names.map((n) => `${n}/m`), ...names.map((n) => `${n}/v`)]);
  const expected = await Promise.all(before.slice(1).map(({ tensor }, i) =>
    values([gatheredLikeWeight(model.trainableWeights[i % names.length].originalName, tensor)])));
  const iterations = (await before[0].tensor.data())[0];
  assert.equal(iterations, 3);

  const shrunk = await shrinkForTraining(model);
  const next = await shrinkOptimizer(opt, 'adam', model, shrunk, 0.01);
  const after = await next.getWeights();
  const newNames = shrunk.model.trainableWeights.map((weight) => (weight.read() as tf.Variable).name);
  assert.deepEqual(after.slice(1).map(({ name }) => name), [...newNames.map((n) => `${n}/m`), ...newNames.map((n) => `${n}/v`)]);
  assert.equal((await after[0].tensor.data())[0], iterations);
  const actual = await Promise.all(after.slice(1).map(({ tensor }) => values([tensor])));
  actual.forEach((slot, i) => assert.deepEqual(slot, expected[i], after[i + 1].name));
  // Not a vacuous check: the moments are not zero, and the shrunk model is smaller.
  assert.ok(expected.every(([slot]) => slot.some((x) => x !== 0)));
  assert.deepEqual(shrunk.model.layers[0].getWeights()[0].shape, [4, 4, 1, 6]);
  tf.dispose(after.map(({ tensor }) => tensor).filter((tensor) => !(tensor instanceof tf.Variable)));
  tf.dispose(before[0].tensor);
  next.dispose();
  shrunk.model.dispose();
  model.dispose();
});

test('shrinkOptimizer carries plain SGD (no slots) over with its step count, and the new optimiser trains the new model', async () => {
  const { model, opt } = await trainedThenZeroed('sgd');
  const before = await opt.getWeights();
  assert.equal(before.length, 1);
  const shrunk = await shrinkForTraining(model);
  const next = await shrinkOptimizer(opt, 'sgd', model, shrunk, 0.01);
  const after = await next.getWeights();
  assert.equal(after.length, 1);
  assert.deepEqual(await after[0].tensor.data(), await before[0].tensor.data());
  // One step of the new optimiser on the shrunk model: SGD by hand, w - eta * grad, is what it does.
  const batch = fakeMnist(10, 5);
  const xs = tf.tensor4d(batch.images, [batch.count, 28, 28, 1]);
  const ys = tf.oneHot(tf.tensor1d(batch.labels, 'int32'), 3);
  const variables = shrunk.model.trainableWeights.map((weight) => weight.read() as tf.Variable);
  const loss = () => tf.losses.softmaxCrossEntropy(ys, shrunk.model.apply(xs, { training: true }) as tf.Tensor) as tf.Scalar;
  const { grads } = tf.variableGrads(loss, variables);
  const expected = await values(variables.map((v) => tf.sub(v, tf.mul(0.01, grads[v.name]))));
  next.minimize(loss, false, variables);
  const actual = await values(variables);
  actual.forEach((weight, i) => weight.forEach((x, j) => assert.ok(Math.abs(x - expected[i][j]) <= 1e-6, `${variables[i].name}[${j}]`)));
  const counted = (await next.getWeights())[0].tensor;
  assert.equal((await counted.data())[0], (await before[0].tensor.data())[0] + 1);
  tf.dispose([xs, ys, before[0].tensor, after[0].tensor, counted, ...Object.values(grads)]);
  next.dispose();
  shrunk.model.dispose();
  model.dispose();
});
