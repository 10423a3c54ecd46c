// The onednn FusedConv2D kernel (tf.fused.conv2d) against the cpu backend: bias [outC] or none, each
// fused activation, the shared conv cases; prelu and NCHW fall back; tf.grad through the fused op.
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { CONV_CASES, describe } from './conv_cases.js';
import { NOT_BUILT, assertSameAsCpu, oneDnnAvailable, random } from './onednn_test_utils.js';

const available = oneDnnAvailable();

test('FusedConv2D on onednn equals cpu with bias and relu over the conv cases', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  CONV_CASES.forEach((c, i) => {
    const [x, filter, bias] = [random(c.x, i), random(c.filter, 50 + i), random([c.filter[3]], 90 + i)] as
      [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D];
    assertSameAsCpu(describe(c), () => tf.fused.conv2d({ x, filter, strides: c.stride, pad: c.pad, bias, activation: 'relu' }),
      { native: 'fusedConv2d' });
    tf.dispose([x, filter, bias]);
  });
});

test('FusedConv2D on onednn equals cpu for every fused activation, with and without bias', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const [x, filter, bias] = [tf.mul(random([2, 7, 6, 3], 1), 3), random([3, 3, 3, 4], 2), random([4], 3)] as
    [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D];
  for (const activation of ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu'] as const) {
    for (const withBias of [true, false]) {
      assertSameAsCpu(`${activation}, bias ${withBias}`, () => tf.fused.conv2d({
        x, filter, strides: 1, pad: 'same', bias: withBias ? bias : undefined, activation, leakyreluAlpha: 0.3,
      }), { native: 'fusedConv2d' });
    }
  }
  tf.dispose([x, filter, bias]);
});

test('FusedConv2D falls back to cpu for prelu and NCHW, with the same result', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const [x, filter, alpha] = [random([2, 7, 6, 3], 4), random([3, 3, 3, 4], 5), random([4], 6)] as
    [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D];
  assertSameAsCpu('prelu', () => tf.fused.conv2d({ x, filter, strides: 1, pad: 'same', activation: 'prelu',
    preluActivationWeights: alpha }));
  const xNchw = random([2, 3, 7, 6], 7) as tf.Tensor4D;
  assertSameAsCpu('NCHW', () => tf.fused.conv2d({ x: xNchw, filter, strides: 1, pad: 'same', dataFormat: 'NCHW' }));
  tf.dispose([x, filter, alpha, xNchw]);
});

test('tf.grad through fused conv2d with bias on onednn equals cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const [x, filter, bias] = [random([2, 8, 7, 3], 8), random([3, 3, 3, 4], 9), random([4], 10)] as
    [tf.Tensor4D, tf.Tensor4D, tf.Tensor1D];
  const dy = random([2, 4, 4, 4], 11);
  for (const activation of ['linear', 'relu'] as const) {
    assertSameAsCpu(`gradients, ${activation}`, () => tf.grads((a: tf.Tensor, w: tf.Tensor, c: tf.Tensor) =>
      tf.fused.conv2d({ x: a as tf.Tensor4D, filter: w as tf.Tensor4D, strides: 2, pad: 'same', bias: c, activation }))([x, filter, bias], dy),
    { native: 'conv2dBackpropFilter' });
  }
  tf.dispose([x, filter, bias, dy]);
});
