// The onednn DepthwiseConv2dNative kernel against the cpu kernel over the shared depthwise cases, with
// dilations, NaN and infinities, and the native entries' argument checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { loadNativeAddon } from '../../../src/backend/native_addon.js';
import { DEPTHWISE_CASES, describeDepthwise } from './depthwise_cases.js';
import { NOT_BUILT, assertSameAsCpu, oneDnnAvailable, random } from './onednn_test_utils.js';

const available = oneDnnAvailable();

test('depthwiseConv2d on onednn equals cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  DEPTHWISE_CASES.forEach((c, i) => {
    const [x, filter] = [random(c.x, i), random(c.filter, 40 + i)] as [tf.Tensor4D, tf.Tensor4D];
    assertSameAsCpu(describeDepthwise(c), () => tf.depthwiseConv2d(x, filter, c.stride, c.pad),
      { native: 'depthwiseConv2dNative' });
    tf.dispose([x, filter]);
  });
});

test('depthwiseConv2d with dilations on onednn equals cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const x = random([2, 11, 9, 3], 1) as tf.Tensor4D;
  const filter = random([3, 2, 3, 2], 2) as tf.Tensor4D;
  for (const [dilations, pad] of [[2, 'same'], [[3, 2], 'valid'], [2, [[0, 0], [1, 2], [0, 3], [0, 0]]]] as const) {
    assertSameAsCpu(`dilations ${JSON.stringify(dilations)}, pad ${JSON.stringify(pad)}`,
      () => tf.depthwiseConv2d(x, filter, 1, pad as 'same', 'NHWC', dilations as [number, number]),
      { native: 'depthwiseConv2dNative' });
  }
  tf.dispose([x, filter]);
});

test('depthwiseConv2d carries NaN and infinities as cpu does', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const values = Float32Array.from({ length: 2 * 5 * 5 * 2 }, (_, i) => (i % 7) - 3);
  values[3] = NaN;
  values[30] = Infinity;
  const x = tf.tensor4d(values, [2, 5, 5, 2]);
  const filter = random([3, 3, 2, 2], 3) as tf.Tensor4D;
  assertSameAsCpu('NaN and Infinity', () => tf.depthwiseConv2d(x, filter, 1, 'same'),
    { native: 'depthwiseConv2dNative' });
  tf.dispose([x, filter]);
});

test('the depthwise entries throw a TypeError naming the function and the argument at fault', (t) => {
  const addon = loadNativeAddon();
  if (addon === null) return t.skip(NOT_BUILT);
  // x [1, 4, 4, 2], filter [3, 3, 2, 2] (multiplier 2), y [1, 4, 4, 4], SAME.
  const geometry = [1, 4, 4, 2, 4, 4, 4, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1];
  const [x, f, y] = [new Float32Array(32), new Float32Array(36), new Float32Array(64)];
  addon.depthwiseConv2dNative(x, f, y, geometry);
  assert.throws(() => addon.depthwiseConv2dNative(x, new Float32Array(72), y, geometry),
    { name: 'TypeError', message: /depthwiseConv2dNative: argument filter must have 36 elements/ });
  const notMultiple = [...geometry];
  notMultiple[6] = 3;
  assert.throws(() => addon.depthwiseConv2dNative(x, new Float32Array(27), new Float32Array(48), notMultiple),
    { name: 'TypeError', message: /depthwiseConv2dNative: argument geometry must have output channels a multiple/ });
  assert.throws(() => addon.depthwiseConv2dNativeBackpropInput(y, f, new Float32Array(31), geometry),
    { name: 'TypeError', message: /depthwiseConv2dNativeBackpropInput: argument dx must have 32 elements/ });
  assert.throws(() => addon.depthwiseConv2dNativeBackpropFilter(x, new Float32Array(63), f, geometry),
    { name: 'TypeError', message: /depthwiseConv2dNativeBackpropFilter: argument dy must have 64 elements/ });
});
