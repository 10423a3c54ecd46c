// Which broadcasts the native binary loop takes: exactly those where TF.js broadcasting repeats the shorter
// operand cyclically, checked against a brute-force expansion of the broadcast.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { cyclicBroadcastShape } from '../../../src/backend/kernels/cyclic_binary.js';

/** Whether broadcasting the shorter operand (filled with 0, 1, 2, ...) equals repeating its flat values. */
function isCyclic(aShape: number[], bShape: number[]): boolean {
  const size = (s: number[]) => s.reduce((p, q) => p * q, 1);
  const [longer, shorter] = size(aShape) >= size(bShape) ? [aShape, bShape] : [bShape, aShape];
  const outShape = tf.backend_util.assertAndGetBroadcastShape(aShape, bShape);
  if (size(outShape) !== size(longer)) return false;
  const expanded = tf.tidy(() => tf.broadcastTo(tf.reshape(tf.range(0, size(shorter)), shorter), outShape).dataSync());
  return expanded.every((v, i) => v === i % size(shorter));
}

const shapes: [number[], number[]][] = [
  [[3, 5], [3, 5]], [[4, 3], []], [[], [4, 3]], [[2, 4, 6], [6]], [[2, 4, 6], [4, 6]], [[2, 4, 6], [1, 1, 6]],
  [[5, 3, 6], [1, 6]], [[1, 1], [2, 3]], [[4, 3], [4, 1]], [[3, 1, 2], [1, 4, 2]], [[2, 4, 6], [4, 1]],
  [[2, 3], [1, 2, 3]], [[2, 1], [1, 1]], [[1, 6], [3, 6]], [[0, 3], [3]],
];

test('cyclicBroadcastShape accepts exactly the cyclic broadcasts', () => {
  for (const [a, b] of shapes) {
    const expected = a.includes(0) || b.includes(0) ? false : isCyclic(a, b);
    const shape = cyclicBroadcastShape(a, b);
    assert.equal(shape !== null, expected, `[${a}] with [${b}]`);
    if (shape !== null) assert.deepEqual(shape, tf.backend_util.assertAndGetBroadcastShape(a, b));
  }
});
