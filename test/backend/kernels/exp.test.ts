// The onednn Exp kernel against the TF.js cpu kernel: seeded values, special values (NaN, infinities,
// signed zeros, the ends of float32's range), and a size large enough to run on every thread.
// TF.js takes only float32 here, so there is no other dtype to fall back on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { assertAllClose, onBothBackends, seededValues, skipWithoutAddon } from './backend_compare.js';

const asText = (values: Float32Array) => Array.from(values).map((v) => (Object.is(v, -0) ? '-0' : String(v)));

for (const shape of [[7], [100, 10], [1100, 1000]]) {
  test(`Exp matches cpu: [${shape}]`, { skip: skipWithoutAddon }, async () => {
    const size = shape.reduce((a, b) => a * b, 1);
    const x = seededValues(size, 1600 + size).map((v) => 4 * v);
    const { cpu, onednn } = await onBothBackends(() => [tf.exp(tf.tensor(x, shape))]);
    assertAllClose(onednn[0], cpu[0], `exp [${shape}]`, 0, 1e-7);
  });
}

test('Exp of special values matches cpu', { skip: skipWithoutAddon }, async () => {
  const special = [NaN, -1, -0, 0, 2.5, -Infinity, Infinity, 88, 89, -104];
  const { cpu, onednn } = await onBothBackends(() => [tf.exp(tf.tensor(special))]);
  assert.deepEqual(asText(onednn[0]), asText(cpu[0]));
});
