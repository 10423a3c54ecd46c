// The onednn DepthwiseConv2dNative kernel against the cpu kernel over the shared depthwise cases, with
// dilations, NaN and infinities.
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
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
