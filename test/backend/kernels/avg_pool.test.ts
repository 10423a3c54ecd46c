// The onednn AvgPool kernel against the TF.js cpu kernel (both average over the window cells inside x).
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { assertAllClose, onBothBackends, seededValues, skipWithoutAddon } from './backend_compare.js';
import { describeCase, POOL_CASES } from './pool_cases.js';

for (const [index, c] of POOL_CASES.entries()) {
  test(`AvgPool matches cpu: ${describeCase(c)}`, { skip: skipWithoutAddon }, async () => {
    const x = seededValues(c.shape.reduce((a, b) => a * b, 1), 200 + index);
    const { cpu, onednn } = await onBothBackends(() => [tf.avgPool(tf.tensor4d(x, c.shape), c.filter, c.strides, c.pad)]);
    assertAllClose(onednn[0], cpu[0], describeCase(c));
  });
}
