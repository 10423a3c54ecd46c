// The onednn Conv2DBackpropFilter kernel against the cpu backend, through tf.grad of conv2d with respect
// to its filter over the shared conv cases (seed-mnist's first layer too); NCHW falls back.
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { CONV_CASES, describe, type ConvCase } from './conv_cases.js';
import { NOT_BUILT, assertSameAsCpu, oneDnnAvailable, random } from './onednn_test_utils.js';

const available = oneDnnAvailable();

const FIRST_LAYER: ConvCase = { x: [1, 28, 28, 1], filter: [5, 5, 1, 32], stride: 1, pad: 'same' };

test('tf.grad of conv2d with respect to the filter on onednn equals cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  [...CONV_CASES, FIRST_LAYER].forEach((c, i) => {
    const [x, filter] = [random(c.x, i), random(c.filter, 50 + i)] as [tf.Tensor4D, tf.Tensor4D];
    const y = tf.conv2d(x, filter, c.stride, c.pad);
    const dy = random(y.shape, 100 + i);
    assertSameAsCpu(describe(c), () => tf.grad((w: tf.Tensor) => tf.conv2d(x, w as tf.Tensor4D, c.stride, c.pad))(filter, dy),
      { native: 'conv2dBackpropFilter' });
    tf.dispose([x, filter, y, dy]);
  });
});

test('Conv2DBackpropFilter in NCHW falls back to cpu with the same result', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const [x, dy] = [random([2, 3, 6, 5], 3), random([2, 4, 6, 5], 4)];
  assertSameAsCpu('NCHW', () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy },
    { filterShape: [3, 3, 3, 4], strides: 1, pad: 'same', dataFormat: 'NCHW' }) as tf.Tensor);
  tf.dispose([x, dy]);
});
