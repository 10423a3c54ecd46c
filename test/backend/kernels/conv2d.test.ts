// The onednn Conv2D kernel against the cpu backend: batch 1 and 3, non-square inputs and filters,
// SAME / VALID / explicit padding, strides 1 and 2, dilations; NCHW falls back; no tensor leaks;
// bad native arguments throw a TypeError naming the function and argument.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { loadNativeAddon } from '../../../src/backend/native_addon.js';
import { NOT_BUILT, assertSameAsCpu, oneDnnAvailable, random } from './onednn_test_utils.js';

const available = oneDnnAvailable();

type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];

const cases: { x: number[]; f: number[]; stride: number | [number, number]; pad: Pad; dilation?: number }[] = [
  { x: [1, 9, 7, 3], f: [3, 2, 3, 5], stride: 1, pad: 'same' },
  { x: [3, 9, 7, 3], f: [3, 2, 3, 5], stride: 1, pad: 'valid' },
  { x: [3, 9, 7, 3], f: [3, 3, 3, 4], stride: 2, pad: 'same' },
  { x: [2, 10, 11, 4], f: [5, 5, 4, 6], stride: 2, pad: 'valid' },
  { x: [2, 8, 8, 2], f: [3, 3, 2, 3], stride: 2, pad: 1 },
  { x: [2, 8, 6, 2], f: [3, 3, 2, 3], stride: 1, pad: [[0, 0], [2, 0], [1, 3], [0, 0]] },
  { x: [2, 9, 9, 3], f: [3, 3, 3, 4], stride: 1, pad: 'same', dilation: 2 },
  { x: [4, 14, 14, 32], f: [5, 5, 32, 64], stride: 1, pad: 'same' },
];

test('Conv2D on onednn equals cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  cases.forEach(({ x, f, stride, pad, dilation }, i) => {
    const [input, filter] = [random(x, i), random(f, 100 + i)] as [tf.Tensor4D, tf.Tensor4D];
    assertSameAsCpu(`case ${i} (x ${x}, filter ${f}, stride ${stride}, pad ${JSON.stringify(pad)})`,
      () => tf.conv2d(input, filter, stride, pad, 'NHWC', dilation ?? 1), { native: 'conv2d' });
    tf.dispose([input, filter]);
  });
});

test('Conv2D with a numeric pad and unequal strides falls back to cpu and matches it', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  // TF.js sizes the output of a numeric pad with the height stride on both axes, a geometry oneDNN
  // cannot express; the kernel must hand it to cpu rather than compute another convolution.
  const [x, f] = [random([2, 8, 8, 2], 5), random([3, 3, 2, 3], 6)] as [tf.Tensor4D, tf.Tensor4D];
  assertSameAsCpu('pad 1, strides [2, 1]', () => tf.conv2d(x, f, [2, 1], 1));
  tf.dispose([x, f]);
});

test('Conv2D in NCHW falls back to the cpu kernel with the same result', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const [x, f] = [random([2, 3, 8, 7], 1), random([3, 3, 3, 4], 2)] as [tf.Tensor4D, tf.Tensor4D];
  assertSameAsCpu('NCHW', () => tf.conv2d(x, f, 1, 'same', 'NCHW'));
  tf.dispose([x, f]);
});

test('Conv2D leaves no tensors behind over repeated calls', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  tf.setBackend('onednn');
  const [x, f] = [random([2, 6, 6, 2], 3), random([3, 3, 2, 2], 4)] as [tf.Tensor4D, tf.Tensor4D];
  tf.setBackend('onednn');
  const before = tf.memory().numTensors;
  for (let i = 0; i < 20; i++) tf.conv2d(x, f, 1, 'same').dispose();
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([x, f]);
});

test('conv2d throws a TypeError naming the function and the argument at fault', (t) => {
  const addon = loadNativeAddon();
  if (addon === null) return t.skip(NOT_BUILT);
  const geometry = [1, 4, 4, 1, 4, 4, 1, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1];
  const [x, f, y] = [new Float32Array(16), new Float32Array(9), new Float32Array(16)];
  assert.throws(() => addon.conv2d(new Float32Array(15), f, y, geometry), { name: 'TypeError', message: /conv2d: argument x must have 16 elements/ });
  assert.throws(() => addon.conv2d(x, new Float64Array(9) as unknown as Float32Array, y, geometry), { name: 'TypeError', message: /conv2d: argument filter must be a Float32Array/ });
  assert.throws(() => addon.conv2d(x, f, y, geometry.slice(1)), { name: 'TypeError', message: /conv2d: argument geometry/ });
  const inconsistent = [...geometry];
  inconsistent[4] = 5;  // outH 5 does not follow from inH 4, filter 3, padding 1 + 1
  assert.throws(() => addon.conv2d(x, f, new Float32Array(20), inconsistent), { name: 'TypeError', message: /conv2d: argument geometry has an output size/ });
});
