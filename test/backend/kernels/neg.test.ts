// The onednn Neg kernel against the TF.js cpu kernel: seeded values, special values (NaN, infinities,
// signed zeros, the ends of float32's range), a size large enough to run on every thread, and int32 (cpu).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { assertAllClose, onBothBackends, seededValues, skipWithoutAddon } from './backend_compare.js';

const asText = (values: Float32Array) => Array.from(values).map((v) => (Object.is(v, -0) ? '-0' : String(v)));

for (const shape of [[7], [100, 10], [1100, 1000]]) {
  test(`Neg matches cpu: [${shape}]`, { skip: skipWithoutAddon }, async () => {
    const size = shape.reduce((a, b) => a * b, 1);
    const x = seededValues(size, 1500 + size).map((v) => 4 * v);
    const { cpu, onednn } = await onBothBackends(() => [tf.neg(tf.tensor(x, shape))]);
    assertAllClose(onednn[0], cpu[0], `neg [${shape}]`, 0, 0);
  });
}

test('Neg of special values matches cpu', { skip: skipWithoutAddon }, async () => {
  const special = [NaN, -1, -0, 0, 2.5, -Infinity, Infinity];
  const { cpu, onednn } = await onBothBackends(() => [tf.neg(tf.tensor(special))]);
  assert.deepEqual(asText(onednn[0]), asText(cpu[0]));
});

test('Neg on int32 runs the cpu kernel', { skip: skipWithoutAddon }, async () => {
  const ints = [1, 2, 3, 4];
  const { cpu, onednn } = await onBothBackends(() => [tf.cast(tf.neg(tf.tensor(ints, [4], 'int32')), 'float32')]);
  assertAllClose(onednn[0], cpu[0], 'int32', 0, 0);
});
