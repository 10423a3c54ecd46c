// The onednn Conv2DBackpropInput kernel against the cpu backend, through tf.conv2dTranspose and through
// tf.grad of conv2d with respect to x, over the shared conv cases; NCHW falls back.
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { CONV_CASES, describe } from './conv_cases.js';
import { NOT_BUILT, assertSameAsCpu, oneDnnAvailable, random } from './onednn_test_utils.js';

const available = oneDnnAvailable();

test('tf.grad of conv2d with respect to x on onednn equals cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  CONV_CASES.forEach((c, i) => {
    const [x, filter] = [random(c.x, i), random(c.filter, 50 + i)] as [tf.Tensor4D, tf.Tensor4D];
    const y = tf.conv2d(x, filter, c.stride, c.pad);
    const dy = random(y.shape, 100 + i);
    assertSameAsCpu(describe(c), () => tf.grad((input: tf.Tensor) => tf.conv2d(input as tf.Tensor4D, filter, c.stride, c.pad))(x, dy),
      { native: 'conv2dBackpropInput' });
    tf.dispose([x, filter, y, dy]);
  });
});

test('conv2dTranspose on onednn equals cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const [dy, filter] = [random([2, 5, 4, 6], 1), random([3, 3, 3, 6], 2)] as [tf.Tensor4D, tf.Tensor4D];
  assertSameAsCpu('stride 2, same', () => tf.conv2dTranspose(dy, filter, [2, 10, 8, 3], 2, 'same'),
    { native: 'conv2dBackpropInput' });
  tf.dispose([dy, filter]);
});

test('Conv2DBackpropInput in NCHW falls back to cpu with the same result', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const [dy, filter] = [random([2, 4, 6, 5], 3), random([3, 3, 3, 4], 4)];
  assertSameAsCpu('NCHW', () => tf.engine().runKernel('Conv2DBackpropInput', { dy, filter },
    { inputShape: [2, 3, 6, 5], strides: 1, pad: 'same', dataFormat: 'NCHW' }) as tf.Tensor);
  tf.dispose([dy, filter]);
});
