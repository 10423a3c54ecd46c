// Operand shapes for the element-wise binary kernel tests: the broadcasts the native loop covers (equal
// shapes, scalars, trailing vectors such as a conv bias, row statistics such as [n, 1] against [n, k]), the
// ones it leaves to the cpu kernel, and sizes large enough to run on every thread.
import * as tf from '@tensorflow/tfjs-core';
import { onBothBackends, seededValues } from './backend_compare.js';

export const BINARY_CASES: [number[], number[]][] = [
  [[3, 5, 7], [3, 5, 7]],
  [[4, 3], []],
  [[], [4, 3]],
  [[2, 4, 4, 6], [6]],
  [[6], [2, 4, 4, 6]],
  [[5, 3, 6], [1, 6]],
  [[1, 1], [2, 3]],
  [[100, 28, 28, 32], [32]],
  [[300, 200], [300, 200]],
  // Blocks of more than one output per element of the shorter operand.
  [[4, 3], [4, 1]],
  [[100, 1], [100, 10]],
  [[2, 4, 6], [4, 1]],
  [[1, 4, 1], [2, 4, 6]],
  [[1100, 1000], [1100, 1]],
  // Neither cyclic nor in blocks: these run the cpu kernel.
  [[3, 1, 2], [1, 4, 2]],
  [[4, 1], [1, 3]],
  [[2, 4, 6], [2, 1, 6]],
];

const size = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/** op(a, b) on both backends for one case, float32 and, for the fallback path, int32. */
export async function runBinaryCase(op: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor, aShape: number[],
  bShape: number[], seed: number, dtype: 'float32' | 'int32' = 'float32') {
  const a = seededValues(size(aShape), seed).map((v) => (dtype === 'int32' ? Math.round(v * 10) : v));
  const b = seededValues(size(bShape), seed + 1).map((v) => (dtype === 'int32' ? Math.round(v * 10) : v));
  return onBothBackends(() => [op(tf.tensor(a, aShape, dtype), tf.tensor(b, bShape, dtype))]);
}
