// The onednn MaxPool kernel against the TF.js cpu kernel.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { loadNativeAddon } from '../../../src/backend/native_addon.js';
import { assertAllClose, onBothBackends, seededValues, skipWithoutAddon } from './backend_compare.js';
import { describeCase, POOL_CASES, WIDE_PAD_CASE } from './pool_cases.js';

for (const [index, c] of [...POOL_CASES, WIDE_PAD_CASE].entries()) {
  test(`MaxPool matches cpu: ${describeCase(c)}`, { skip: skipWithoutAddon }, async () => {
    const x = seededValues(c.shape.reduce((a, b) => a * b, 1), 100 + index);
    const { cpu, onednn } = await onBothBackends(() => [tf.maxPool(tf.tensor4d(x, c.shape), c.filter, c.strides, c.pad)]);
    assertAllClose(onednn[0], cpu[0], describeCase(c), 0, 0);
  });
}

test('maxPool rejects a wrong-sized buffer with a TypeError naming it', { skip: skipWithoutAddon }, () => {
  const addon = loadNativeAddon();
  assert.ok(addon !== null);
  const geometry = [1, 4, 4, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 0, 0, 0, 0];
  assert.throws(() => addon.maxPool(new Float32Array(31), new Float32Array(8), geometry), /maxPool: argument x/);
  assert.throws(() => addon.maxPool(new Float32Array(32), new Float32Array(8), geometry.slice(1)),
    /maxPool: argument geometry/);
  const inconsistent = [1, 4, 4, 2, 3, 2, 2, 2, 2, 2, 2, 1, 1, 0, 0, 0, 0];
  assert.throws(() => addon.maxPool(new Float32Array(32), new Float32Array(12), inconsistent),
    /maxPool: argument geometry/);
});
