// The ReLU layer with maxValue 6 on onednn (src/models/relu_layer.ts: one relu6) against the layer's own
// relu and clipByValue on cpu: values and gradients exactly equal, with values at 0, at 6 and beyond both;
// another maxValue runs the layer's own call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '../../src/models/relu_layer.js';
import { NOT_BUILT, assertSameAsCpu, countNativeCalls, oneDnnAvailable } from '../backend/kernels/onednn_test_utils.js';

const available = oneDnnAvailable();

function valueAndGradient(maxValue: number): tf.Tensor[] {
  return tf.tidy(() => {
    const layer = tfl.layers.reLU({ maxValue });
    const x = tf.tensor2d([[-1, 0, 0.5, 3], [6, 6.5, 7, -0.25], [5.999, 6.001, 1e-7, -1e-7]]);
    const dy = tf.tensor2d([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]);
    const f = (input: tf.Tensor) => layer.apply(input) as tf.Tensor;
    return [f(x), tf.grad(f)(x, dy)];
  });
}

test('ReLU(maxValue 6) on onednn runs relu6 and equals relu then clipByValue on cpu exactly', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  assertSameAsCpu('maxValue 6', () => valueAndGradient(6), { tol: 0, native: 'relu6' });
  assertSameAsCpu('maxValue 6, gradient', () => valueAndGradient(6), { tol: 0, native: 'relu6Grad' });
  assertSameAsCpu('maxValue 4', () => valueAndGradient(4), { tol: 0 });
  tf.setBackend('onednn');
  assert.equal(countNativeCalls('relu6', () => tf.dispose(valueAndGradient(4))), 0);
});
