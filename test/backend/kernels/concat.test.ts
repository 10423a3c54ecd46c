// The onednn Concat against the cpu backend's kernel: along every axis, inputs of different widths, empty
// inputs, int32, bool and cast storage, and one input.
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { assertExactlyAsCpu, seededValues, skipWithoutAddon } from './backend_compare.js';

const part = (shape: number[], seed: number) => tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), seed), shape);

const CASES: { name: string; concat: () => tf.Tensor }[] = [
  { name: 'rows', concat: () => tf.concat([part([3, 4, 2], 1), part([5, 4, 2], 2)], 0) },
  { name: 'axis 1 of 3-d', concat: () => tf.concat([part([3, 4, 2], 3), part([3, 1, 2], 4), part([3, 7, 2], 5)], 1) },
  { name: 'the last axis (narrow and wide parts)', concat: () => tf.concat([part([300, 1], 6), part([300, 40], 7)], 1) },
  { name: 'an empty part', concat: () => tf.concat([part([2, 3], 8), part([2, 0], 9), part([2, 2], 10)], -1) },
  { name: 'int32', concat: () => tf.concat([tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), tf.tensor2d([5, 6], [2, 1], 'int32')], 1) },
  { name: 'bool', concat: () => tf.concat([tf.tensor2d([1, 0, 1, 1], [2, 2], 'bool'), tf.tensor2d([0, 1], [2, 1], 'bool')], 1) },
  { name: 'a float32 cast of int32', concat: () => tf.concat(
    [tf.cast(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), 'float32'), part([2, 3], 11)], 1) },
  { name: 'one input', concat: () => tf.concat([part([2, 3], 12)], 1) },
];

for (const { name, concat } of CASES) {
  test(`Concat on onednn gives the cpu kernel's values: ${name}`, { skip: skipWithoutAddon }, async () => {
    await assertExactlyAsCpu(concat);
  });
}
