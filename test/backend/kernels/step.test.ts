// The onednn Step kernel against the TF.js cpu kernel, with alpha 0 (the relu gradient) and another alpha,
// and NaN kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { assertAllClose, onBothBackends, seededValues, skipWithoutAddon } from './backend_compare.js';

for (const [shape, alpha] of [[[9], 0], [[4, 6, 3], 0.25], [[100, 14, 14, 64], 0]] as const) {
  test(`Step matches cpu: [${shape}], alpha ${alpha}`, { skip: skipWithoutAddon }, async () => {
    const x = seededValues(shape.reduce((a, b) => a * b, 1), 1000 + alpha * 100);
    const { cpu, onednn } = await onBothBackends(() => [tf.step(tf.tensor(x, [...shape]), alpha)]);
    assertAllClose(onednn[0], cpu[0], `step [${shape}]`, 0, 0);
  });
}

test('Step keeps NaN', { skip: skipWithoutAddon }, async () => {
  const { onednn } = await onBothBackends(() => [tf.step(tf.tensor([NaN, -2, 0, 3]), -1)]);
  assert.deepEqual(Array.from(onednn[0]).map(String), ['NaN', '-1', '-1', '1']);
});
