// The onednn Mean kernel against the cpu kernel: batch normalisation's moments (every axis but the last),
// global average pooling (the spatial axes), one axis, keepDims, odd shapes, NaN and infinities; its
// gradient (CgesMeanGrad, src/backend/moments_gradients.ts) through tf.grad, element for element, and its
// second derivative; axes that are not adjacent fall back to cpu with the same result; tfjs-layers'
// GlobalAveragePooling2D runs both natively.
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { NOT_BUILT, assertSameAsCpu, oneDnnAvailable, random } from './onednn_test_utils.js';

const available = oneDnnAvailable();

const CASES: { shape: number[]; axis: number | number[]; keepDims: boolean }[] = [
  { shape: [100, 28, 28, 16], axis: [0, 1, 2], keepDims: false },
  { shape: [100, 7, 7, 32], axis: [1, 2], keepDims: false },
  { shape: [1, 5, 3, 7], axis: [1, 2], keepDims: true },
  { shape: [3, 9], axis: 1, keepDims: false },
  { shape: [13], axis: 0, keepDims: false },
  { shape: [2, 3, 5], axis: [0, 1], keepDims: true },
];

test('Mean and its gradient on onednn equal cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  CASES.forEach(({ shape, axis, keepDims }, i) => {
    const x = random(shape, 20 + i);
    const label = `mean [${shape}] over ${JSON.stringify(axis)}${keepDims ? ' keepDims' : ''}`;
    assertSameAsCpu(label, () => tf.mean(x, axis, keepDims), { tol: 1e-5, native: 'sum' });
    const dy = tf.tidy(() => random(tf.mean(x, axis, keepDims).shape, 30 + i));
    assertSameAsCpu(`${label}, gradient`, () => tf.grad((v: tf.Tensor) => tf.mean(v, axis, keepDims))(x, dy),
      { tol: 0, native: 'meanGrad' });
    tf.dispose(dy);
    tf.dispose(x);
  });
});

test('Mean carries NaN and infinities, and axes that are not adjacent fall back to cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  tf.setBackend('cpu');
  const special = tf.tensor([1, NaN, 2, Infinity, 3, -Infinity, 4, 5], [4, 2]);
  assertSameAsCpu('NaN and infinities', () => tf.mean(special, 0), { tol: 1e-6, native: 'sum' });
  const x = random([3, 4, 5], 9);
  assertSameAsCpu('axes 0 and 2', () => tf.mean(x, [0, 2]), { tol: 1e-6 });
  tf.dispose([special, x]);
});

test('second derivatives through mean on onednn equal cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const x = random([4, 3, 5, 2], 40);
  const v = random([4, 3, 5, 2], 41);
  const w = random([4, 2], 42);
  // g(w) = d/dx sum(mean(x, [1, 2]) * w), w spread; its gradient with respect to w goes through
  // CgesMeanGrad's own gradient.
  const g = (u: tf.Tensor) => tf.grad((s: tf.Tensor) => tf.sum(tf.mul(tf.mean(s, [1, 2]), u)))(x);
  assertSameAsCpu('second derivative', () => tf.grad((u: tf.Tensor) => tf.sum(tf.mul(g(u), v)))(w),
    { tol: 1e-6, native: 'meanGrad' });
  tf.dispose([x, v, w]);
});

test('a GlobalAveragePooling2D layer runs the native Mean forward and CgesMeanGrad backward', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const layer = tfl.layers.globalAveragePooling2d({});
  [[100, 7, 7, 64], [3, 5, 3, 7], [1, 1, 1, 5]].forEach((shape, i) => {
    const x = random(shape, 60 + i);
    const dy = random([shape[0], shape[3]], 70 + i);
    const pool = (v: tf.Tensor) => layer.apply(v) as tf.Tensor;
    assertSameAsCpu(`[${shape}]`, () => pool(x), { tol: 1e-5, native: 'sum' });
    assertSameAsCpu(`[${shape}], gradient`, () => tf.grad(pool)(x, dy), { tol: 0, native: 'meanGrad' });
    tf.dispose([x, dy]);
  });
});
