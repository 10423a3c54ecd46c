// The onednn DepthwiseConv2dNativeBackpropFilter kernel against the cpu kernel, through tf.grad of
// depthwiseConv2d with respect to its filter over the shared depthwise cases.
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { DEPTHWISE_CASES, describeDepthwise } from './depthwise_cases.js';
import { NOT_BUILT, assertSameAsCpu, oneDnnAvailable, random } from './onednn_test_utils.js';

const available = oneDnnAvailable();

test('tf.grad of depthwiseConv2d with respect to the filter on onednn equals cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  DEPTHWISE_CASES.forEach((c, i) => {
    const [x, filter] = [random(c.x, i), random(c.filter, 80 + i)] as [tf.Tensor4D, tf.Tensor4D];
    const y = tf.depthwiseConv2d(x, filter, c.stride, c.pad);
    const dy = random(y.shape, 140 + i);
    assertSameAsCpu(describeDepthwise(c),
      () => tf.grad((w: tf.Tensor) => tf.depthwiseConv2d(x, w as tf.Tensor4D, c.stride, c.pad))(filter, dy),
      { native: 'depthwiseConv2dNativeBackpropFilter', tol: 2e-4 });
    tf.dispose([x, filter, y, dy]);
  });
});
