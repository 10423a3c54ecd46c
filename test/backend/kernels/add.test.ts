// The onednn Add kernel against the TF.js cpu kernel, over the broadcasts of binary_cases.ts.
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { assertAllClose, skipWithoutAddon } from './backend_compare.js';
import { BINARY_CASES, runBinaryCase } from './binary_cases.js';

for (const [index, [aShape, bShape]] of BINARY_CASES.entries()) {
  test(`Add matches cpu: [${aShape}] + [${bShape}]`, { skip: skipWithoutAddon }, async () => {
    const { cpu, onednn } = await runBinaryCase(tf.add, aShape, bShape, 700 + 2 * index);
    assertAllClose(onednn[0], cpu[0], `[${aShape}] + [${bShape}]`, 0, 0);
  });
}

test('Add on int32 runs the cpu kernel', { skip: skipWithoutAddon }, async () => {
  const { cpu, onednn } = await runBinaryCase(tf.add, [4, 5], [5], 750, 'int32');
  assertAllClose(onednn[0], cpu[0], 'int32', 0, 0);
});
