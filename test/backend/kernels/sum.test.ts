// The onednn Sum kernel against the TF.js cpu kernel (which sums in float32, so the tolerance scales with
// the magnitude summed) and, for the bias gradient, through tf.grad of a broadcast add.
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { assertAllClose, onBothBackends, seededValues, skipWithoutAddon } from './backend_compare.js';

const cases: { shape: number[]; axis: number | number[]; keepDims?: boolean }[] = [
  { shape: [7, 9, 11, 5], axis: [0, 1, 2] },
  { shape: [100, 28, 28, 32], axis: [0, 1, 2] },
  { shape: [6, 10], axis: -1 },
  { shape: [300, 1024], axis: 1 },
  { shape: [4, 6, 5], axis: 1, keepDims: true },
  { shape: [3, 4, 5, 6], axis: [1, 2] },
  { shape: [2, 50000], axis: [0, 1] },
  { shape: [1, 1], axis: 0 },
  // Not adjacent: the cpu kernel runs.
  { shape: [3, 4, 5], axis: [0, 2] },
];

for (const [index, c] of cases.entries()) {
  const what = `sum [${c.shape}] over ${String(c.axis)}${c.keepDims === true ? ', keepDims' : ''}`;
  test(`Sum matches cpu: ${what}`, { skip: skipWithoutAddon }, async () => {
    const x = seededValues(c.shape.reduce((a, b) => a * b, 1), 1100 + index);
    const { cpu, onednn } = await onBothBackends(() => [tf.sum(tf.tensor(x, c.shape), c.axis, c.keepDims)]);
    // float32 sequential sums drift by about n * 2^-24 of the summed magnitude; values here are in [-1, 1).
    const summed = x.length / cpu[0].length;
    assertAllClose(onednn[0], cpu[0], what, summed * 2e-7, 1e-6);
  });
}

test('Sum on int32 runs the cpu kernel', { skip: skipWithoutAddon }, async () => {
  const { cpu, onednn } = await onBothBackends(() => [tf.sum(tf.tensor([[1, 2], [3, 4]], [2, 2], 'int32'), 0)]);
  assertAllClose(onednn[0], cpu[0], 'int32', 0, 0);
});

test('the bias gradient of x [n, h, w, c] + b [c] matches cpu', { skip: skipWithoutAddon }, async () => {
  const shape = [20, 12, 12, 16];
  const x = seededValues(shape.reduce((a, b) => a * b, 1), 1200);
  const bias = seededValues(16, 1201);
  const { cpu, onednn } = await onBothBackends(() => {
    const loss = (b: tf.Tensor) => tf.sum(tf.mul(tf.add(tf.tensor(x, shape), b), tf.tensor(x, shape)));
    return [tf.grad(loss)(tf.tensor(bias))];
  });
  assertAllClose(onednn[0], cpu[0], 'bias gradient', 20 * 12 * 12 * 2e-7, 1e-6);
});
