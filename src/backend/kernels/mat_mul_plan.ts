// How BatchMatMul and _FusedMatMul map a TF.js matmul onto the native one: a [...outerA, m, k] times
// b [...outerB, k, n] (the last two axes swapped when transposed) flattened to [batchA, m, k] and
// [batchB, k, n]. The native kernel broadcasts only a whole batch of 1, so outer shapes that broadcast
// axis by axis (e.g. [2, 1] with [1, 3]) are left to the cpu kernel, as are empty and mismatched shapes.
import { broadcast_util, type TensorInfo } from '@tensorflow/tfjs-core';

export interface MatMulPlan {
  /** [batchA, batchB, m, k, n], as the native kernels take it. */
  shape: number[];
  outShape: number[];
  n: number;
}

const product = (dims: number[]): number => dims.reduce((size, dim) => size * dim, 1);

function sameAfterPadding(outerA: number[], outerB: number[]): boolean {
  const rank = Math.max(outerA.length, outerB.length);
  const pad = (dims: number[]) => [...new Array<number>(rank - dims.length).fill(1), ...dims];
  const [a, b] = [pad(outerA), pad(outerB)];
  return a.every((dim, i) => dim === b[i]);
}

export function matMulPlan(a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean): MatMulPlan | null {
  if (a.shape.length < 2 || b.shape.length < 2) return null;
  const [rowsA, colsA] = a.shape.slice(-2);
  const [rowsB, colsB] = b.shape.slice(-2);
  const [m, k] = transposeA ? [colsA, rowsA] : [rowsA, colsA];
  const [kB, n] = transposeB ? [colsB, rowsB] : [rowsB, colsB];
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = product(outerA);
  const batchB = product(outerB);
  if (k !== kB || m * k * n * batchA * batchB === 0) return null;
  if (batchA !== 1 && batchB !== 1 && !sameAfterPadding(outerA, outerB)) return null;
  const outer = broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
  return { shape: [batchA, batchB, m, k, n], outShape: [...outer, m, n], n };
}
