// The onednn Relu kernel against the TF.js cpu kernel, including NaN and signed zeros, and the relu gradient
// (dy * step(x)) through tf.grad.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { assertAllClose, onBothBackends, seededValues, skipWithoutAddon } from './backend_compare.js';

for (const shape of [[7], [3, 5, 2], [100, 28, 28, 32]]) {
  test(`Relu and its gradient match cpu: [${shape}]`, { skip: skipWithoutAddon }, async () => {
    const size = shape.reduce((a, b) => a * b, 1);
    const x = seededValues(size, 900 + size);
    const weights = seededValues(size, 901 + size);
    const { cpu, onednn } = await onBothBackends(() => {
      const input = tf.tensor(x, shape);
      const loss = (t: tf.Tensor) => tf.sum(tf.mul(tf.relu(t), tf.tensor(weights, shape)));
      return [tf.relu(input), tf.grad(loss)(input)];
    });
    assertAllClose(onednn[0], cpu[0], `relu [${shape}]`, 0, 0);
    assertAllClose(onednn[1], cpu[1], `relu gradient [${shape}]`, 0, 0);
  });
}

test('Relu keeps NaN and zeroes negatives', { skip: skipWithoutAddon }, async () => {
  const { cpu, onednn } = await onBothBackends(() => [tf.relu(tf.tensor([NaN, -1, -0, 0, 2.5, -Infinity, Infinity]))]);
  assert.deepEqual(Array.from(onednn[0]).map(String), ['NaN', '0', '0', '0', '2.5', '0', 'Infinity']);
  assertAllClose(onednn[0].map((v) => (Number.isNaN(v) ? 7 : v)), cpu[0].map((v) => (Number.isNaN(v) ? 7 : v)), 'relu');
});
