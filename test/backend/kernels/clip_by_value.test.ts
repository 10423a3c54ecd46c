// The onednn ClipByValue kernel and the clipByValue gradient (CgesClipByValueGrad, src/backend/
// masked_gradient.ts) against the TF.js cpu kernel and TF.js's own gradient, element for element, including
// NaN, infinities, the bounds themselves and a Keras ReLU(6.) layer's relu-then-clip, with second derivatives.
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { NOT_BUILT, assertSameAsCpu, oneDnnAvailable, random } from './onednn_test_utils.js';

const available = oneDnnAvailable();
const EXACT = { tol: 0 };

test('clipByValue and its gradient on onednn equal cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  for (const [shape, lo, hi] of [[[7], -0.5, 0.25], [[3, 5, 2], 0, 6], [[100, 14, 14, 24], -3, 2]] as const) {
    const x = tf.tidy(() => tf.mul(random([...shape], 3), 8));
    const w = random([...shape], 4);
    const label = `clip [${shape}] to [${lo}, ${hi}]`;
    assertSameAsCpu(label, () => tf.clipByValue(x, lo, hi), { ...EXACT, native: 'clipByValue' });
    assertSameAsCpu(`${label}, gradient`, () => tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.clipByValue(v, lo, hi), w)))(x),
      { ...EXACT, native: 'clipByValueGrad' });
    tf.dispose([x, w]);
  }
});

test('a ReLU layer with maxValue 6 (relu, then clipByValue) trains on onednn as on cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const x = tf.tidy(() => tf.mul(random([10, 4, 4, 3], 5), 9));
  const w = random([10, 4, 4, 3], 6);
  const relu6 = (v: tf.Tensor) => tf.clipByValue(tf.relu(v), 0, 6);
  assertSameAsCpu('relu then clip', () => tf.grad((v: tf.Tensor) => tf.sum(tf.mul(relu6(v), w)))(x),
    { ...EXACT, native: 'clipByValueGrad' });
  tf.dispose([x, w]);
});

test('clipByValue and its gradient carry NaN, infinities and the bounds as cpu does', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  tf.setBackend('cpu');
  const x = tf.tensor([NaN, -1, -0, 0, 1e-30, 2.5, 6, 6.0000005, 7, -Infinity, Infinity, 3, 4]);
  const dy = tf.tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, NaN, -Infinity]);
  assertSameAsCpu('clip', () => tf.clipByValue(x, 0, 6), { ...EXACT, native: 'clipByValue' });
  assertSameAsCpu('clip gradient', () => tf.grad((v: tf.Tensor) => tf.clipByValue(v, 0, 6))(x, dy),
    { ...EXACT, native: 'clipByValueGrad' });
  tf.dispose([x, dy]);
});

test('second derivatives through clipByValue on onednn equal cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const x = tf.tidy(() => tf.mul(random([4, 5, 3], 7), 3));
  const v = random([4, 5, 3], 8);
  const w = random([4, 5, 3], 9);
  const g = (u: tf.Tensor) => tf.grad((s: tf.Tensor) => tf.sum(tf.mul(tf.clipByValue(s, -1, 1.5), u)))(x);
  assertSameAsCpu('second derivative', () => tf.grad((u: tf.Tensor) => tf.sum(tf.mul(g(u), v)))(w),
    { ...EXACT, native: 'clipByValueGrad' });
  tf.dispose([x, v, w]);
});
