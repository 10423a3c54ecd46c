// The onednn CgesReluGrad kernel against the cpu backend's composition mul(dy, step(x)), bit for bit, with
// NaN and infinities on both sides, odd shapes and batch 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { RELU_GRAD } from '../../../src/backend/kernels/relu_grad.js';
import { onBothBackends, seededValues, skipWithoutAddon } from './backend_compare.js';

/** Object.is per element, so NaN matches NaN and -0 differs from 0. */
function assertIdentical(actual: Float32Array, expected: Float32Array, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i])) assert.fail(`${what}: index ${i}: ${actual[i]}, reference ${expected[i]}`);
  }
}

const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, 1e-38, -1e-38, 3, -3];

for (const shape of [[1], [1, 7, 5, 3], [3, 11], [100, 28, 28, 32]]) {
  test(`CgesReluGrad equals mul(dy, step(x)) on cpu: [${shape}]`, { skip: skipWithoutAddon }, async () => {
    const size = shape.reduce((a, b) => a * b, 1);
    const dy = seededValues(size, 40 + size);
    const x = seededValues(size, 41 + size);
    // Every pair of special values meets once (where the tensor is big enough).
    for (let i = 0; i < Math.min(size, SPECIAL.length ** 2); i++) {
      dy[i] = SPECIAL[i % SPECIAL.length];
      x[i] = SPECIAL[Math.floor(i / SPECIAL.length)];
    }
    // The kernel exists on onednn only: the cpu run computes the composition it replaces.
    const { cpu, onednn } = await onBothBackends(() => {
      const inputs = { dy: tf.tensor(dy, shape), x: tf.tensor(x, shape) };
      if (tf.getBackend() === 'cpu') return [tf.mul(inputs.dy, tf.step(inputs.x))];
      return [tf.engine().runKernel(RELU_GRAD, inputs) as tf.Tensor];
    });
    assertIdentical(onednn[0], cpu[0], `relu gradient [${shape}]`);
  });
}

// The relu's output reshaped before the pool: the pending max-pool gradient is over the same storage in
// another shape, so it is not the pool the relu gradient can run in its own pass.
test('relu -> reshape -> max pool: the gradient equals the cpu backend\'s', { skip: skipWithoutAddon }, async () => {
  const x0 = seededValues(2 * 4 * 4 * 6, 77);
  const { cpu, onednn } = await onBothBackends(() => [tf.grad((x: tf.Tensor) => tf.sum(tf.maxPool(
    tf.reshape(tf.relu(x), [2, 4, 8, 3]) as tf.Tensor4D, 2, 2, 'valid')))(tf.tensor(x0, [2, 4, 4, 6]))]);
  assertIdentical(onednn[0], cpu[0], 'dx');
});
