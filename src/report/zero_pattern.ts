// A kernel's zero pattern as the picture the report draws: groups as rows, the weights that compete inside
// a group as columns, and for a large kernel the share of non-zeros per block of weights, so the picture is
// at most MAX_CELLS a side whatever the layer's size.
// Groups (docs/architecture.md, "Kernel layout and groups"): a kernel [..., out] is the matrix
// [rows = product of the other axes, cols = out]; grouping `input` makes a row a group (the outputs compete
// for each input), `output` a column (the inputs compete for each output), so that picture is the matrix
// transposed. A depthwise kernel [kh, kw, C, m]'s group is one channel's [kh, kw, m] slice whatever the
// grouping: a row per channel.
// src/report imports src/util, and types from src/train and src/compact, only.
import type { KernelValues } from './read_kernels.js';

/** The most cells a side of a picture: a few hundred keeps the page small. */
export const MAX_CELLS = 160;

/** A 0/1 matrix, row-major: 1 where the weight is non-zero. */
export interface NonzeroMatrix {
  rows: number;
  cols: number;
  nonzero: Uint8Array;
  /** What a row is (a group) and what a column is (a member competing inside it). */
  rowMeaning: string;
  colMeaning: string;
}

/** The kernel with its groups as rows. */
export function groupMatrix(kernel: KernelValues, grouping: 'input' | 'output'): NonzeroMatrix {
  const { shape, values } = kernel;
  const out = shape[shape.length - 1] ?? 1;
  const inner = values.length / out;
  if (kernel.depthwise) {
    // [kh*kw, C, m]: row c, column p*m + k <- values[(p*C + c)*m + k].
    const channels = shape[shape.length - 2] ?? 1;
    const positions = inner / channels;
    const cols = positions * out;
    const nonzero = new Uint8Array(channels * cols);
    for (let p = 0; p < positions; p++) {
      for (let c = 0; c < channels; c++) {
        for (let k = 0; k < out; k++) nonzero[c * cols + p * out + k] = values[(p * channels + c) * out + k] === 0 ? 0 : 1;
      }
    }
    return { rows: channels, cols, nonzero, rowMeaning: 'channels', colMeaning: 'kernel positions x multiplier' };
  }
  const inputs = shape.length > 2 ? 'input positions (kernel position x input channel)' : 'input units';
  const outputs = shape.length > 2 ? 'filters' : 'output units';
  if (grouping === 'input') {
    const nonzero = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) nonzero[i] = values[i] === 0 ? 0 : 1;
    return { rows: inner, cols: out, nonzero, rowMeaning: inputs, colMeaning: outputs };
  }
  const nonzero = new Uint8Array(values.length);
  for (let r = 0; r < inner; r++) {
    for (let c = 0; c < out; c++) nonzero[c * inner + r] = values[r * out + c] === 0 ? 0 : 1;
  }
  return { rows: out, cols: inner, nonzero, rowMeaning: outputs, colMeaning: inputs };
}

/** The picture's cells: each the share of non-zero weights in its block of `blockRows` x `blockCols`. */
export interface BlockShares {
  rows: number;
  cols: number;
  blockRows: number;
  blockCols: number;
  /** Row-major, rows x cols; blocks at the bottom and right edges may be smaller and are shared over their own size. */
  shares: Float64Array;
}

/** The matrix in blocks, as few as keep each side at most `maxCells` (blocks of 1 x 1 when it fits). */
export function blockShares(matrix: Pick<NonzeroMatrix, 'rows' | 'cols' | 'nonzero'>, maxCells = MAX_CELLS): BlockShares {
  const blockRows = Math.max(1, Math.ceil(matrix.rows / maxCells));
  const blockCols = Math.max(1, Math.ceil(matrix.cols / maxCells));
  const rows = Math.ceil(matrix.rows / blockRows);
  const cols = Math.ceil(matrix.cols / blockCols);
  const counts = new Float64Array(rows * cols);
  for (let r = 0; r < matrix.rows; r++) {
    const row = Math.floor(r / blockRows) * cols;
    for (let c = 0; c < matrix.cols; c++) counts[row + Math.floor(c / blockCols)] += matrix.nonzero[r * matrix.cols + c];
  }
  const shares = counts.map((count, cell) => {
    const r = Math.floor(cell / cols);
    const c = cell % cols;
    const height = Math.min(blockRows, matrix.rows - r * blockRows);
    const width = Math.min(blockCols, matrix.cols - c * blockCols);
    return count / (height * width);
  });
  return { rows, cols, blockRows, blockCols, shares };
}
