// The onednn Square kernel against the cpu kernel, element for element, with NaN and infinities, and its
// gradient through tf.grad.
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { NOT_BUILT, assertSameAsCpu, oneDnnAvailable, random } from './onednn_test_utils.js';

const available = oneDnnAvailable();

test('Square and its gradient on onednn equal cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  for (const shape of [[5], [3, 7, 2], [100, 14, 14, 16]]) {
    const x = random(shape, 11);
    assertSameAsCpu(`square [${shape}]`, () => tf.square(x), { tol: 0, native: 'square' });
    assertSameAsCpu(`square gradient [${shape}]`, () => tf.grad((v: tf.Tensor) => tf.sum(tf.square(v)))(x),
      { tol: 0, native: 'square' });
    tf.dispose(x);
  }
  tf.setBackend('cpu');
  const special = tf.tensor([NaN, -Infinity, Infinity, -0, 3e20, -2]);
  assertSameAsCpu('NaN and infinities', () => tf.square(special), { tol: 0, native: 'square' });
  special.dispose();
});
