// The onednn Relu6 kernel and the relu6 gradient (CgesRelu6Grad, src/backend/masked_gradient.ts) against the
// TF.js cpu kernel and TF.js's own gradient, element for element, including NaN, infinities and the edges 0
// and 6, and second derivatives.
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { NOT_BUILT, assertSameAsCpu, oneDnnAvailable, random } from './onednn_test_utils.js';

const available = oneDnnAvailable();
const EXACT = { tol: 0 };

test('Relu6 and its gradient on onednn equal cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  for (const shape of [[7], [3, 5, 2], [100, 14, 14, 24]]) {
    const x = tf.tidy(() => tf.mul(random(shape, 3), 9));
    const w = random(shape, 4);
    assertSameAsCpu(`relu6 [${shape}]`, () => tf.relu6(x), { ...EXACT, native: 'relu6' });
    assertSameAsCpu(`relu6 gradient [${shape}]`, () => tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.relu6(v), w)))(x),
      { ...EXACT, native: 'relu6Grad' });
    tf.dispose([x, w]);
  }
});

test('Relu6 and its gradient carry NaN, infinities and the edges as cpu does', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  tf.setBackend('cpu');
  const x = tf.tensor([NaN, -1, -0, 0, 1e-30, 2.5, 6, 6.0000005, 7, -Infinity, Infinity, 3]);
  const dy = tf.tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, Infinity, NaN]);
  assertSameAsCpu('relu6', () => tf.relu6(x), { ...EXACT, native: 'relu6' });
  assertSameAsCpu('relu6 gradient', () => tf.grad((v: tf.Tensor) => tf.relu6(v))(x, dy),
    { ...EXACT, native: 'relu6Grad' });
  tf.dispose([x, dy]);
});

test('second derivatives through relu6 on onednn equal cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const x = tf.tidy(() => tf.mul(random([4, 5, 3], 5), 8));
  const v = random([4, 5, 3], 6);
  const w = random([4, 5, 3], 7);
  // g(w) = d/dx sum(relu6(x) * w) = w * mask(x); d/dw sum(g(w) * v) = v * mask(x), through CgesRelu6Grad's
  // own gradient with respect to dy.
  const g = (u: tf.Tensor) => tf.grad((s: tf.Tensor) => tf.sum(tf.mul(tf.relu6(s), u)))(x);
  assertSameAsCpu('second derivative', () => tf.grad((u: tf.Tensor) => tf.sum(tf.mul(g(u), v)))(w),
    { ...EXACT, native: 'relu6Grad' });
  tf.dispose([x, v, w]);
});
