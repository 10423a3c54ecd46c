// The onednn _FusedMatMul kernel (tf.fused.matMul) against the cpu backend: bias [n] or none, each
// activation it fuses, transposes and batches; biases and activations it does not fuse fall back;
// tf.grad through the fused op; no leaks.
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { NOT_BUILT, assertSameAsCpu, oneDnnAvailable, random } from './onednn_test_utils.js';

const available = oneDnnAvailable();

const activations = ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu'] as const;

test('_FusedMatMul on onednn equals cpu for every fused activation, with and without bias', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  // Scaled so that relu6 clips and every activation sees both signs.
  const [a, b, bias] = [tf.mul(random([5, 7], 1), 4), tf.mul(random([7, 3], 2), 4), random([3], 3)];
  for (const activation of activations) {
    for (const withBias of [true, false]) {
      assertSameAsCpu(`${activation}, bias ${withBias}`, () => tf.fused.matMul({
        a, b, bias: withBias ? bias : undefined, activation, leakyreluAlpha: 0.3,
      }), { native: 'fusedMatMul' });
    }
  }
  tf.dispose([a, b, bias]);
});

test('_FusedMatMul on onednn equals cpu with transposes, batches and a [1, n] bias', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const [a, b, bias] = [random([2, 7, 5], 4), random([2, 3, 7], 5), random([1, 3], 6)];
  assertSameAsCpu('transposed, batch 2', () => tf.fused.matMul({
    a, b, transposeA: true, transposeB: true, bias, activation: 'relu',
  }), { native: 'fusedMatMul' });
  tf.dispose([a, b, bias]);
});

test('_FusedMatMul falls back to cpu for a full [m, n] bias and prelu, with the same result', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const [a, b, bias, alpha] = [random([5, 7], 7), random([7, 3], 8), random([5, 3], 9), random([3], 10)];
  assertSameAsCpu('bias [m, n]', () => tf.fused.matMul({ a, b, bias, activation: 'relu' }));
  assertSameAsCpu('prelu', () => tf.fused.matMul({ a, b, activation: 'prelu', preluActivationWeights: alpha }));
  tf.dispose([a, b, bias, alpha]);
});

test('tf.grad through fused matMul with bias on onednn equals cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const [a, b, bias, dy] = [random([6, 9], 11), random([9, 4], 12), random([4], 13), random([6, 4], 14)];
  for (const activation of ['linear', 'relu'] as const) {
    assertSameAsCpu(`gradients, ${activation}`, () => tf.grads((x: tf.Tensor, w: tf.Tensor, c: tf.Tensor) =>
      tf.fused.matMul({ a: x, b: w, bias: c, activation }))([a, b, bias], dy), { native: 'batchMatMul' });
  }
  tf.dispose([a, b, bias, dy]);
});
