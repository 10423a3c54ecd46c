// The matrix view of a kernel and the host-side loops the proximal maps share.
// A kernel of shape [..., out] is the row-major matrix [rows, cols] with cols = out and rows = the
// product of the other axes (dense [in, out] as is; conv2d [kh, kw, in, out] as [kh*kw*in, out]).
// Group g is row g (`input`) or column g (`output`).
// The maps run on the host arrays: one or two row-major passes with float64 group sums, which is both
// far faster than broadcasting TF.js cpu ops over millions of weights and free of float32 drift.
import * as tf from '@tensorflow/tfjs-core';
import type { Grouping } from './types.js';

/** [rows, cols] of the matrix view: cols is the last axis. */
export function matrixShape(w: tf.Tensor): [number, number] {
  const cols = w.shape[w.rank - 1];
  return [cols === 0 ? 0 : w.size / cols, cols];
}

/** A new float32 tensor of w's shape whose values `fill` writes from w's values. */
export function mapOnHost(w: tf.Tensor, fill: (values: Float32Array, out: Float32Array) => void): tf.Tensor {
  const out = new Float32Array(w.size);
  fill(w.dataSync<'float32'>(), out);
  return tf.tensor(out, w.shape, 'float32');
}

/** sum over each group of f(w_i), accumulated in float64 in one row-major pass. */
export function groupSums(
  values: Float32Array, rows: number, cols: number, grouping: Grouping, f: (x: number) => number,
): Float64Array {
  const byRow = grouping === 'input';
  const sums = new Float64Array(byRow ? rows : cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) sums[byRow ? r : c] += f(values[base + c]);
  }
  return sums;
}

/** out_i = f(w_i, perGroup[g(i)]) in one row-major pass. */
export function mapByGroup(
  values: Float32Array, out: Float32Array, rows: number, cols: number, grouping: Grouping,
  perGroup: Float64Array, f: (x: number, groupValue: number) => number,
): void {
  const byRow = grouping === 'input';
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) out[base + c] = f(values[base + c], perGroup[byRow ? r : c]);
  }
}

/** sign(x) * max(0, |x| - threshold): soft thresholding, exact zeros below the threshold. */
export function softThreshold(x: number, threshold: number): number {
  const shrunk = Math.abs(x) - threshold;
  if (Number.isNaN(shrunk)) return Number.NaN; // a diverged weight must stay visible
  return shrunk > 0 ? Math.sign(x) * shrunk : 0;
}
