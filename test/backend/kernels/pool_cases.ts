// Pooling geometries shared by the pooling kernel tests: batch 1 and more, non-square inputs and windows,
// SAME / VALID / explicit padding, strides 1 and 2, and the seed network's 2x2 pool.
import type { backend_util } from '@tensorflow/tfjs-core';

export interface PoolCase {
  shape: [number, number, number, number];
  filter: number | [number, number];
  strides: number | [number, number];
  pad: 'same' | 'valid' | number | backend_util.ExplicitPadding;
}

export const POOL_CASES: PoolCase[] = [
  { shape: [1, 5, 7, 3], filter: 2, strides: 2, pad: 'same' },
  { shape: [1, 5, 7, 3], filter: 3, strides: 1, pad: 'valid' },
  { shape: [2, 8, 6, 4], filter: [3, 2], strides: [2, 1], pad: 'same' },
  { shape: [3, 9, 9, 5], filter: 3, strides: 2, pad: 'valid' },
  { shape: [2, 7, 5, 3], filter: 3, strides: 1, pad: 'same' },
  { shape: [1, 6, 5, 2], filter: 2, strides: 1, pad: 1 },
  { shape: [2, 28, 28, 32], filter: 2, strides: 2, pad: 'same' },
];

/** Explicit [[0, 0], [top, bottom], [left, right], [0, 0]] paddings, uneven and one-sided, narrower than the window. */
export const EXPLICIT_PAD_CASES: PoolCase[] = [
  { shape: [1, 3, 3, 1], filter: 3, strides: 1, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
  { shape: [2, 6, 5, 3], filter: [3, 2], strides: [2, 1], pad: [[0, 0], [2, 0], [0, 1], [0, 0]] },
  { shape: [1, 7, 7, 4], filter: 3, strides: 2, pad: [[0, 0], [1, 1], [2, 2], [0, 0]] },
  { shape: [3, 4, 8, 2], filter: [2, 3], strides: [1, 3], pad: [[0, 0], [0, 1], [1, 0], [0, 0]] },
];

/** Padding as wide as the window: the native kernels decline it and the cpu kernel runs. */
export const WIDE_PAD_CASE: PoolCase = { shape: [1, 4, 4, 2], filter: 2, strides: 2, pad: 2 };

export function describeCase(c: PoolCase): string {
  const pad = Array.isArray(c.pad) ? JSON.stringify(c.pad) : String(c.pad);
  return `x ${c.shape.join('x')}, filter ${String(c.filter)}, strides ${String(c.strides)}, pad ${pad}`;
}
