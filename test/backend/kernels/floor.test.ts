// The onednn Floor kernel against the TF.js cpu kernel, bit for bit: dropout's masks (uniform noise plus a
// keep probability), special values and a size that runs on every thread (tf.floor takes float32 only).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { assertAllClose, onBothBackends, seededValues, skipWithoutAddon } from './backend_compare.js';

const text = (values: Float32Array) => Array.from(values, (v) => (Object.is(v, -0) ? '-0' : String(v)));

for (const shape of [[1], [100, 1024], [1200, 1000]]) {
  test(`Floor of dropout noise matches cpu: [${shape}]`, { skip: skipWithoutAddon }, async () => {
    const size = shape.reduce((a, b) => a * b, 1);
    // (v + 1) / 2 is uniform in [0, 1), + 0.5 the keep probability: the mask is 0 or 1.
    const noise = seededValues(size, 70 + size).map((v) => (v + 1) / 2 + 0.5);
    const { cpu, onednn } = await onBothBackends(() => [tf.floor(tf.tensor(noise, shape))]);
    assertAllClose(onednn[0], cpu[0], `floor [${shape}]`, 0, 0);
    if (size > 1) assert.ok(onednn[0].includes(0) && onednn[0].includes(1), 'a mask of 0s and 1s');
  });
}

test('Floor of special values matches cpu', { skip: skipWithoutAddon }, async () => {
  const special = [NaN, -0, 0, -0.5, 0.5, -1.5, 2.999999, -Infinity, Infinity, 16777217, -3.4e38];
  const { cpu, onednn } = await onBothBackends(() => [tf.floor(tf.tensor(special))]);
  assert.deepEqual(text(onednn[0]), text(cpu[0]));
});
