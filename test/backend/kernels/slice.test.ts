// The onednn Slice against the cpu backend's kernel: runs over the last axis, runs that take trailing axes
// whole, contiguous slices (the cpu kernel's view), int32, bool and cast storage, and empty slices.
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { assertExactlyAsCpu, seededValues, skipWithoutAddon } from './backend_compare.js';

const x4 = () => tf.tensor4d(seededValues(6 * 5 * 4 * 3, 11), [6, 5, 4, 3]);

const CASES: { name: string; slice: () => tf.Tensor }[] = [
  { name: 'columns of a matrix', slice: () => tf.slice(tf.tensor2d(seededValues(2000 * 30, 12), [2000, 30]), [0, 3], [2000, 20]) },
  { name: 'an inner box of 4-d', slice: () => tf.slice(x4(), [1, 2, 1, 1], [4, 2, 3, 2]) },
  { name: 'trailing axes whole', slice: () => tf.slice(x4(), [0, 1, 0, 0], [6, 3, 4, 3]) },
  { name: 'one element per run', slice: () => tf.slice(x4(), [0, 0, 0, 2], [6, 5, 4, 1]) },
  { name: 'contiguous rows', slice: () => tf.slice(x4(), [2, 0, 0, 0], [3, 5, 4, 3]) },
  { name: 'a -1 size', slice: () => tf.slice(x4(), [1, 1, 1, 1], [-1, -1, -1, -1]) },
  { name: 'int32', slice: () => tf.slice(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], 'int32'), [0, 1], [2, 2]) },
  { name: 'bool', slice: () => tf.slice(tf.tensor2d([1, 0, 1, 0, 0, 1], [2, 3], 'bool'), [0, 1], [2, 2]) },
  { name: 'a float32 cast of int32', slice: () => tf.slice(
    tf.cast(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], 'int32'), 'float32'), [0, 1], [2, 2]) },
  { name: 'empty', slice: () => tf.slice(x4(), [1, 1, 1, 1], [2, 0, 2, 2]) },
];

for (const { name, slice } of CASES) {
  test(`Slice on onednn gives the cpu kernel's values: ${name}`, { skip: skipWithoutAddon }, async () => {
    await assertExactlyAsCpu(slice);
  });
}
