// Which broadcasts the native binary loop takes: exactly those where TF.js broadcasting repeats the shorter
// operand in blocks (each element over `inner` consecutive outputs, the whole cyclically), checked against a
// brute-force expansion of the broadcast.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { blockBroadcast } from '../../../src/backend/kernels/cyclic_binary.js';

const size = (s: number[]) => s.reduce((p, q) => p * q, 1);

/** The broadcast shorter operand (filled with 0, 1, 2, ...) as flat values. */
function expanded(aShape: number[], bShape: number[]): Float32Array | Int32Array | Uint8Array {
  const shorter = size(aShape) >= size(bShape) ? bShape : aShape;
  const outShape = tf.backend_util.assertAndGetBroadcastShape(aShape, bShape);
  return tf.tidy(() => tf.broadcastTo(tf.reshape(tf.range(0, size(shorter)), shorter), outShape).dataSync());
}

/** Whether some block length makes the broadcast a block repetition of the shorter operand. */
function isBlockRepetition(aShape: number[], bShape: number[]): boolean {
  const longer = size(aShape) >= size(bShape) ? aShape : bShape;
  const shorterSize = Math.min(size(aShape), size(bShape));
  const outShape = tf.backend_util.assertAndGetBroadcastShape(aShape, bShape);
  if (size(outShape) !== size(longer)) return false;
  const values = expanded(aShape, bShape);
  for (let inner = 1; inner <= values.length; inner++) {
    if (values.every((v, i) => v === Math.floor(i / inner) % shorterSize)) return true;
  }
  return false;
}

const shapes: [number[], number[]][] = [
  [[3, 5], [3, 5]], [[4, 3], []], [[], [4, 3]], [[2, 4, 6], [6]], [[2, 4, 6], [4, 6]], [[2, 4, 6], [1, 1, 6]],
  [[5, 3, 6], [1, 6]], [[1, 1], [2, 3]], [[4, 3], [4, 1]], [[3, 1, 2], [1, 4, 2]], [[2, 4, 6], [4, 1]],
  [[2, 3], [1, 2, 3]], [[2, 1], [1, 1]], [[1, 6], [3, 6]], [[0, 3], [3]], [[100, 10], [100, 1]],
  [[2, 4, 6], [2, 1, 1]], [[2, 4, 6], [2, 1, 6]], [[4, 1], [1, 3]], [[2, 1, 3], [2, 1, 1]], [[5, 1], [5, 1]],
];

test('blockBroadcast accepts exactly the block repetitions, with their block length', () => {
  for (const [a, b] of shapes) {
    const expected = a.includes(0) || b.includes(0) ? false : isBlockRepetition(a, b);
    const plan = blockBroadcast(a, b);
    assert.equal(plan !== null, expected, `[${a}] with [${b}]`);
    if (plan === null) continue;
    assert.deepEqual(plan.outShape, tf.backend_util.assertAndGetBroadcastShape(a, b));
    const shorterSize = Math.min(size(a), size(b));
    const values = expanded(a, b);
    assert.ok(values.every((v, i) => v === Math.floor(i / plan.inner) % shorterSize), `[${a}] with [${b}]: inner`);
  }
});
