// The onednn Multiply kernel against the TF.js cpu kernel, over the broadcasts of binary_cases.ts.
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { assertAllClose, skipWithoutAddon } from './backend_compare.js';
import { BINARY_CASES, runBinaryCase } from './binary_cases.js';

for (const [index, [aShape, bShape]] of BINARY_CASES.entries()) {
  test(`Multiply matches cpu: [${aShape}] * [${bShape}]`, { skip: skipWithoutAddon }, async () => {
    const { cpu, onednn } = await runBinaryCase(tf.mul, aShape, bShape, 800 + 2 * index);
    assertAllClose(onednn[0], cpu[0], `[${aShape}] * [${bShape}]`, 0, 0);
  });
}

test('Multiply on int32 runs the cpu kernel', { skip: skipWithoutAddon }, async () => {
  const { cpu, onednn } = await runBinaryCase(tf.mul, [4, 5], [4, 5], 850, 'int32');
  assertAllClose(onednn[0], cpu[0], 'int32', 0, 0);
});
