// The onednn Conv2D kernel against the cpu backend over the shared conv cases (conv_cases.ts), seed-mnist's
// second layer at batch 4 and a dilated filter; NCHW falls back; no tensor leaks;
// bad native arguments throw a TypeError naming the function and argument.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { loadNativeAddon } from '../../../src/backend/native_addon.js';
import { CONV_CASES, describe, type ConvCase } from './conv_cases.js';
import { NOT_BUILT, assertSameAsCpu, oneDnnAvailable, random } from './onednn_test_utils.js';

const available = oneDnnAvailable();

const DILATED: ConvCase = { x: [2, 9, 9, 3], filter: [3, 3, 3, 4], stride: 1, pad: 'same' };
const SEED_MNIST_CONV2: ConvCase = { x: [4, 14, 14, 32], filter: [5, 5, 32, 64], stride: 1, pad: 'same' };

test('Conv2D on onednn equals cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const cases = [...CONV_CASES, SEED_MNIST_CONV2, DILATED].map((c, i) => ({ ...c, dilation: c === DILATED ? 2 : 1, i }));
  for (const c of cases) {
    const [x, filter] = [random(c.x, c.i), random(c.filter, 100 + c.i)] as [tf.Tensor4D, tf.Tensor4D];
    assertSameAsCpu(`${describe(c)}, dilation ${c.dilation}`,
      () => tf.conv2d(x, filter, c.stride, c.pad, 'NHWC', c.dilation), { native: 'conv2d' });
    tf.dispose([x, filter]);
  }
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
  assert.throws(() => Reflect.apply(addon.conv2d, addon, [x, new Float64Array(9), y, geometry]), { name: 'TypeError', message: /conv2d: argument filter must be a Float32Array/ });
  assert.throws(() => addon.conv2d(x, f, y, geometry.slice(1)), { name: 'TypeError', message: /conv2d: argument geometry/ });
  const inconsistent = [...geometry];
  inconsistent[4] = 5;  // outH 5 does not follow from inH 4, filter 3, padding 1 + 1
  assert.throws(() => addon.conv2d(x, f, new Float32Array(20), inconsistent), { name: 'TypeError', message: /conv2d: argument geometry has an output size/ });
});
