// The onednn backend's pool of large kernel-output buffers: a buffer is reused only once no tensor holds
// it (views from a contiguous Slice included), reused buffers are zero-filled when asked, unused memory
// is capped, and tensors computed from pooled buffers equal the cpu backend's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Float32Pool, POOL_MINIMUM_BYTES } from '../../src/backend/float32_pool.js';
import { loadNativeAddon } from '../../src/backend/native_addon.js';
import { registerOneDnnBackend } from '../../src/backend/onednn_backend.js';

const addon = loadNativeAddon();
const skip = addon === null ? 'the oneDNN addon is not built' : false;
const LENGTH = POOL_MINIMUM_BYTES / 4;

test('a buffer returns to the pool when the last tensor holding it goes, and only then', { skip }, () => {
  assert.ok(addon !== null);
  const pool = new Float32Pool(addon);
  const first = pool.take(LENGTH, false);
  pool.hold(first);
  pool.hold(first.subarray(16));
  pool.release(first);
  assert.notEqual(pool.take(LENGTH, false), first, 'a view still holds it');
  pool.release(first.subarray(16));
  assert.equal(pool.unusedBytes, LENGTH * 4);
  first.fill(7);
  const again = pool.take(LENGTH, true);
  assert.equal(again, first);
  assert.ok(again.every((v) => v === 0), 'zero-filled on request');
  assert.equal(pool.unusedBytes, 0);
  assert.equal(addon.byteMisalignment(again), 0);
});

test('small buffers are not pooled, and unused memory stays under the cap', { skip }, () => {
  assert.ok(addon !== null);
  const pool = new Float32Pool(addon, LENGTH * 4 * 2);
  const small = pool.take(8, false);
  pool.hold(small);
  pool.release(small);
  assert.equal(pool.unusedBytes, 0);
  const arrays = [0, 1, 2].map(() => pool.take(LENGTH, false));
  for (const array of arrays) {
    pool.hold(array);
    pool.release(array);
  }
  assert.equal(pool.unusedBytes, LENGTH * 4 * 2);
});

test('on onednn, a slice of a disposed output keeps its values while its buffer is reused, as on cpu', { skip }, async () => {
  const compute = () => tf.tidy(() => {
    const x = tf.reshape(tf.range(0, 4 * LENGTH), [4, LENGTH]);
    const y = tf.relu(tf.sub(x, 5));
    const rows = tf.slice(y, [1, 0], [2, LENGTH]);
    // y goes; fresh outputs of y's size may now take its buffer, unless the slice still holds it.
    return tf.keep(rows);
  });
  const overwrite = () => tf.tidy(() => tf.sum(tf.relu(tf.neg(tf.reshape(tf.range(0, 4 * LENGTH), [4, LENGTH])))));
  await tf.setBackend('cpu');
  const expected = compute();
  const expectedValues = Array.from(expected.dataSync());
  expected.dispose();
  assert.ok(registerOneDnnBackend());
  await tf.setBackend('onednn');
  const before = tf.memory().numTensors;
  const rows = compute();
  for (let i = 0; i < 3; i++) overwrite().dispose();
  assert.deepEqual(Array.from(rows.dataSync()), expectedValues);
  rows.dispose();
  assert.equal(tf.memory().numTensors, before);
});
