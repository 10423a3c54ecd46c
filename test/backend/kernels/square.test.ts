// The onednn Square kernel against the cpu kernel, element for element, with NaN and infinities, and its
// gradient (CgesSquareGrad, src/backend/moments_gradients.ts) through tf.grad, second derivatives included.
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { NOT_BUILT, assertSameAsCpu, oneDnnAvailable, random } from './onednn_test_utils.js';

const available = oneDnnAvailable();

test('Square and its gradient on onednn equal cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  for (const shape of [[5], [3, 7, 2], [100, 14, 14, 16]]) {
    const x = random(shape, 11);
    assertSameAsCpu(`square [${shape}]`, () => tf.square(x), { tol: 0, native: 'square' });
    const dy = random(shape, 12);
    assertSameAsCpu(`square gradient [${shape}]`, () => tf.grad((v: tf.Tensor) => tf.square(v))(x, dy),
      { tol: 0, native: 'squareGrad' });
    tf.dispose([x, dy]);
  }
  tf.setBackend('cpu');
  const special = tf.tensor([NaN, -Infinity, Infinity, -0, 3e20, -2]);
  assertSameAsCpu('NaN and infinities', () => tf.square(special), { tol: 0, native: 'square' });
  special.dispose();
});

test('second derivatives through square on onednn equal cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const x = random([4, 3, 5], 13);
  const v = random([4, 3, 5], 14);
  const w = random([4, 3, 5], 15);
  // g(x, w) = d/dx sum(square(x) * w) = 2xw, differentiated with respect to w and to x.
  const g = (s: tf.Tensor, u: tf.Tensor) => tf.grad((r: tf.Tensor) => tf.sum(tf.mul(tf.square(r), u)))(s);
  assertSameAsCpu('with respect to w', () => tf.grad((u: tf.Tensor) => tf.sum(tf.mul(g(x, u), v)))(w),
    { tol: 0, native: 'squareGrad' });
  assertSameAsCpu('with respect to x', () => tf.grad((s: tf.Tensor) => tf.sum(tf.mul(g(s, w), v)))(x),
    { tol: 0, native: 'squareGrad' });
  tf.dispose([x, v, w]);
});
