// The onednn Sub kernel against the TF.js cpu kernel, over the broadcasts of binary_cases.ts (operand order
// matters here, so each block broadcast runs with the shorter operand on either side).
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { assertAllClose, skipWithoutAddon } from './backend_compare.js';
import { BINARY_CASES, runBinaryCase } from './binary_cases.js';

for (const [index, [aShape, bShape]] of BINARY_CASES.entries()) {
  test(`Sub matches cpu: [${aShape}] - [${bShape}]`, { skip: skipWithoutAddon }, async () => {
    const { cpu, onednn } = await runBinaryCase(tf.sub, aShape, bShape, 1400 + 2 * index);
    assertAllClose(onednn[0], cpu[0], `[${aShape}] - [${bShape}]`, 0, 0);
  });
}

test('Sub on int32 runs the cpu kernel', { skip: skipWithoutAddon }, async () => {
  const { cpu, onednn } = await runBinaryCase(tf.sub, [4, 5], [4, 1], 1450, 'int32');
  assertAllClose(onednn[0], cpu[0], 'int32', 0, 0);
});
