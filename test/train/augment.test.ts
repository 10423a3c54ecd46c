// Augmentation against a reference built from TF.js ops (pad, slice, reverse) on the cpu backend, and
// replayed bit for bit by a resumed run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { augmentImages, augmentPad, batchDraws, mixSeed } from '../../src/train/augment.js';
import { BatchSampler } from '../../src/train/batches.js';
import { createTrainState, train, type TrainOptions } from '../../src/train/trainer.js';
import { fakeMnist, resumableRun } from './fixtures.js';

await tf.setBackend('cpu');

test('each image is the window of its zero-padded copy, flipped when drawn so (TF.js ops as reference)', () => {
  const shape: [number, number, number] = [5, 4, 3];
  const pixels = Float32Array.from({ length: 6 * 60 }, (_, i) => (i % 97) + 1);
  const pad = 2;
  const draws = [
    { top: 0, left: 0, flip: false }, { top: 4, left: 4, flip: false }, { top: 2, left: 2, flip: true },
    { top: 1, left: 3, flip: true }, { top: 3, left: 0, flip: false }, { top: 0, left: 4, flip: true },
  ];
  const expected = tf.tidy(() => draws.map((draw, b) => {
    const image = tf.tensor3d(pixels.slice(b * 60, (b + 1) * 60), shape);
    const padded = tf.pad(image, [[pad, pad], [pad, pad], [0, 0]]);
    const window = tf.slice(padded, [draw.top, draw.left, 0], shape);
    return [...(draw.flip ? tf.reverse(window, 1) : window).dataSync()];
  }));
  const edited = pixels.slice();
  augmentImages(edited, shape, pad, draws);
  assert.deepEqual(Array.from({ length: 6 }, (_, b) => [...edited.subarray(b * 60, (b + 1) * 60)]), expected);
});

test('draws cover every offset and both flips, and depend only on their key', () => {
  const draws = batchDraws(400, 4, true, [1, 0, 0]);
  assert.deepEqual(new Set(draws.map((d) => d.top)).size, 9);
  assert.deepEqual(new Set(draws.map((d) => d.left)).size, 9);
  const flips = draws.filter((d) => d.flip).length;
  assert.ok(flips > 150 && flips < 250, `${flips} flips of 400`);
  assert.deepEqual(batchDraws(400, 4, true, [1, 0, 0]), draws);
  assert.notDeepEqual(batchDraws(400, 4, true, [1, 0, 7]), draws);
  assert.ok(batchDraws(50, 4, false, [1, 0, 0]).every((d) => !d.flip));
  assert.notEqual(mixSeed(1, 0, 7), mixSeed(1, 7, 0));
  assert.equal(augmentPad([32, 32, 3], {}), 4);
  assert.equal(augmentPad([28, 28, 1], {}), 4);
  assert.throws(() => augmentPad([32, 32, 3], { pad: -1 }), /padding must be an integer >= 0, got -1/);
});

test('the sampler augments training batches only when asked, and a restored sampler replays them', () => {
  const data = fakeMnist(30, 1);
  const plain = new BatchSampler(data, 8, 5);
  const augmented = new BatchSampler(data, 8, 5, { augment: {} });
  const [a, b] = [plain.next(), augmented.next()];
  assert.notDeepEqual([...a.xs.dataSync()], [...b.xs.dataSync()]);
  assert.deepEqual([...a.labels.dataSync()], [...b.labels.dataSync()]);
  augmented.next();
  const state = augmented.getState();
  const third = augmented.next();
  const replay = new BatchSampler(data, 8, 5, { augment: {} });
  replay.setState(state);
  const again = replay.next();
  assert.deepEqual([...again.xs.dataSync()], [...third.xs.dataSync()]);
  tf.dispose([a.xs, a.labels, b.xs, b.labels, third.xs, third.labels, again.xs, again.labels]);
});

test('a run with augmentation resumed mid-run ends with the weights of the run left alone, bit for bit', async () => {
  const data = { train: fakeMnist(40, 1), test: fakeMnist(10, 2) };
  const options = (modelSeed: number, iterations: number): TrainOptions =>
    resumableRun(data, modelSeed, iterations, { augment: {} });
  const weightsOf = (o: TrainOptions) => o.model.getWeights().map((t) => [...t.dataSync()]);
  const straight = options(1, 12);
  await train(straight);
  const { state } = await train(options(1, 7));
  const snapshot = await state.snapshot();
  const resumed = options(99, 12);
  const fresh = createTrainState(resumed);
  await fresh.restore(snapshot);
  await train({ ...resumed, state: fresh });
  assert.deepEqual(weightsOf(resumed), weightsOf(straight));
  // Augmentation changed what was trained on.
  const unaugmented = resumableRun(data, 1, 12);
  await train(unaugmented);
  assert.notDeepEqual(weightsOf(unaugmented), weightsOf(straight));
});
