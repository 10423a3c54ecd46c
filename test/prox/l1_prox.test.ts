// l1Prox (soft thresholding) against hand-computed values.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { CgesError } from '../../src/util/errors.js';
import { l1Prox } from '../../src/prox/index.js';
import { assertClose, runOp } from './reference.js';

await tf.setBackend('cpu');

test('l1Prox soft-thresholds every weight by t', () => {
  const out = runOp([1.5, -0.2, 0, -3, 0.5], [5], (w) => l1Prox(w, 0.5));
  assertClose(out, [1, 0, 0, -2.5, 0], 1e-7, 'soft threshold');
  const conv = runOp([0.1, -0.7, 2, -2, 0, 0.3, 0.9, -0.05], [1, 2, 2, 2], (w) => l1Prox(w, 0.25));
  assertClose(conv, [0, -0.45, 1.75, -1.75, 0, 0.05, 0.65, 0], 1e-6, 'conv kernel');
});

test('l1Prox with t = 0 is the identity', () => {
  const values = [0.3, -1e-20, 0, 7, -2.5];
  const out = runOp(values, [5], (w) => l1Prox(w, 0));
  assert.deepEqual(Array.from(out), Array.from(new Float32Array(values)));
});

test('l1Prox rejects a negative threshold with CgesError', () => {
  const w = tf.ones([3]);
  assert.throws(() => l1Prox(w, -1), CgesError);
  w.dispose();
});
