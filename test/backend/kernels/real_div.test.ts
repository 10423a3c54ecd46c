// The onednn RealDiv kernel against the TF.js cpu kernel, over the broadcasts of binary_cases.ts, and with
// zero divisors (infinities and NaN must match too).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { assertAllClose, onBothBackends, skipWithoutAddon } from './backend_compare.js';
import { BINARY_CASES, runBinaryCase } from './binary_cases.js';

for (const [index, [aShape, bShape]] of BINARY_CASES.entries()) {
  test(`RealDiv matches cpu: [${aShape}] / [${bShape}]`, { skip: skipWithoutAddon }, async () => {
    const { cpu, onednn } = await runBinaryCase(tf.div, aShape, bShape, 1300 + 2 * index);
    assertAllClose(onednn[0], cpu[0], `[${aShape}] / [${bShape}]`, 0, 0);
  });
}

test('RealDiv by zero gives the same infinities and NaN as cpu', { skip: skipWithoutAddon }, async () => {
  const { cpu, onednn } = await onBothBackends(() => [tf.div(tf.tensor([1, -1, 0, 2]), tf.tensor([0, 0, 0, 4]))]);
  assert.deepEqual(Array.from(onednn[0]).map(String), Array.from(cpu[0]).map(String));
});
