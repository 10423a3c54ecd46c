// The onednn GatherV2 (row copies) against the cpu backend's kernel: model.fit's batch gathers from a
// whole set, int32 and bool sources, a float32 tensor stored as an Int32Array (a cast), other axes,
// batchDims, single-element slices, repeated indices, and the cpu kernel's error for an index out of range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { assertExactlyAsCpu, seededValues, skipWithoutAddon } from './backend_compare.js';

const indices = (values: number[]) => tf.tensor1d(values, 'int32');

const CASES: { name: string; gather: () => tf.Tensor }[] = [
  { name: 'a batch of rows from [2000, 28, 28, 1]', gather: () => tf.gather(
    tf.tensor4d(seededValues(2000 * 784, 1), [2000, 28, 28, 1]), indices([1999, 0, 7, 7, 1000, 3])) },
  { name: 'one-hot int32 labels', gather: () => tf.gather(
    tf.oneHot(tf.tensor1d([3, 1, 4, 1, 5, 9, 2, 6], 'int32'), 10), indices([7, 2, 2, 0])) },
  { name: 'a bool source', gather: () => tf.gather(
    tf.tensor2d([true, false, false, true, true, true], [3, 2], 'bool'), indices([2, 1, 0])) },
  { name: 'a float32 cast of int32', gather: () => tf.gather(
    tf.cast(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), 'float32'), indices([2, 0])) },
  { name: 'axis 1 of [4, 50, 20]', gather: () => tf.gather(
    tf.tensor3d(seededValues(4 * 50 * 20, 2), [4, 50, 20]), indices([49, 3, 3, 0]), 1) },
  { name: 'the last axis (single elements)', gather: () => tf.gather(
    tf.tensor2d(seededValues(30, 3), [5, 6]), indices([5, 0, 2]), 1) },
  { name: 'batchDims 1', gather: () => tf.gather(
    tf.tensor3d(seededValues(3 * 4 * 20, 4), [3, 4, 20]), tf.tensor2d([[3, 0], [1, 1], [2, 3]], [3, 2], 'int32'), 1, 1) },
  { name: 'no indices', gather: () => tf.gather(tf.tensor2d(seededValues(12, 5), [3, 4]), indices([])) },
];

for (const { name, gather } of CASES) {
  test(`GatherV2 on onednn gives the cpu kernel's values: ${name}`, { skip: skipWithoutAddon }, async () => {
    await assertExactlyAsCpu(gather);
  });
}

test('GatherV2 on onednn refuses an index out of range as the cpu kernel does', { skip: skipWithoutAddon }, async () => {
  const messages: string[] = [];
  for (const backend of ['cpu', 'onednn']) {
    await tf.setBackend(backend);
    const x = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    assert.throws(() => tf.gather(x, indices([0, 2])), (error: Error) => messages.push(error.message) > 0);
    x.dispose();
  }
  assert.equal(messages[1], messages[0]);
  assert.match(messages[0], /index value 2/);
  await tf.setBackend('cpu');
});
