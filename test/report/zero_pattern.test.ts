// The zero-pattern matrix and its block shares against hand-computed numbers: groups as rows under each
// grouping and for a depthwise kernel, and the share of non-zeros per block with smaller edge blocks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blockShares, groupMatrix, MAX_CELLS } from '../../src/report/zero_pattern.js';

const dense = { shape: [2, 3], values: Float32Array.from([1, 0, 2, 0, 0, -3]), depthwise: false };

test('a dense kernel: rows are inputs under the input grouping, outputs (the transpose) under the output grouping', () => {
  const input = groupMatrix(dense, 'input');
  assert.deepEqual([input.rows, input.cols, [...input.nonzero]], [2, 3, [1, 0, 1, 0, 0, 1]]);
  assert.deepEqual([input.rowMeaning, input.colMeaning], ['input units', 'output units']);
  const output = groupMatrix(dense, 'output');
  // Column 0 of the kernel is (1, 0), column 1 (0, 0), column 2 (2, -3).
  assert.deepEqual([output.rows, output.cols, [...output.nonzero]], [3, 2, [1, 0, 0, 0, 1, 1]]);
  assert.deepEqual([output.rowMeaning, output.colMeaning], ['output units', 'input units']);
  const conv = groupMatrix({ shape: [1, 1, 2, 3], values: dense.values, depthwise: false }, 'input');
  assert.deepEqual([conv.rowMeaning, conv.colMeaning], ['input positions (kernel position x input channel)', 'filters']);
});

test('a depthwise kernel [kh, kw, C, m]: a row per channel, whatever the grouping', () => {
  // [1, 2, 2, 2]: value at (position p, channel c, multiplier k) is at (p * 2 + c) * 2 + k.
  // Channel 0: p0 (5, 0), p1 (0, 0); channel 1: p0 (0, 0), p1 (7, 8).
  const kernel = { shape: [1, 2, 2, 2], values: Float32Array.from([5, 0, 0, 0, 0, 0, 7, 8]), depthwise: true };
  for (const grouping of ['input', 'output'] as const) {
    const m = groupMatrix(kernel, grouping);
    assert.deepEqual([m.rows, m.cols, [...m.nonzero]], [2, 4, [1, 0, 0, 0, 0, 0, 1, 1]]);
    assert.equal(m.rowMeaning, 'channels');
  }
});

test('block shares: blocks as few as keep each side within the limit, edge blocks shared over their own size', () => {
  const nonzero = Uint8Array.from([
    1, 1, 0, 0, 0, 0, 1,
    0, 1, 0, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 1,
    1, 1, 1, 1, 1, 1, 1,
    1, 0, 0, 0, 0, 1, 0,
  ]);
  // 5 x 7 within 3 cells a side: blocks of 2 x 3 (last row of blocks 1 high, last column 1 wide).
  const grid = blockShares({ rows: 5, cols: 7, nonzero }, 3);
  assert.deepEqual([grid.rows, grid.cols, grid.blockRows, grid.blockCols], [3, 3, 2, 3]);
  assert.deepEqual([...grid.shares], [3 / 6, 1 / 6, 1 / 2, 3 / 6, 3 / 6, 2 / 2, 1 / 3, 1 / 3, 0 / 1]);
  // Within the limit: one weight per cell.
  const whole = blockShares({ rows: 5, cols: 7, nonzero });
  assert.deepEqual([whole.rows, whole.cols, whole.blockRows, whole.blockCols], [5, 7, 1, 1]);
  assert.deepEqual([...whole.shares], [...nonzero]);
});

test('a large kernel is at most MAX_CELLS a side, and the shares keep its count of non-zeros', () => {
  // seed-mnist's fc1 is 3136 x 1024; every third weight non-zero.
  const rows = 3136;
  const cols = 1024;
  const nonzero = Uint8Array.from({ length: rows * cols }, (_, i) => (i % 3 === 0 ? 1 : 0));
  const grid = blockShares({ rows, cols, nonzero });
  assert.ok(grid.rows <= MAX_CELLS && grid.cols <= MAX_CELLS, `${grid.rows} x ${grid.cols}`);
  // 3136 / 160 -> blocks 20 high (157 rows of blocks), 1024 / 160 -> 7 wide (147 columns, the last 2 wide).
  assert.deepEqual([grid.rows, grid.cols, grid.blockRows, grid.blockCols], [157, 147, 20, 7]);
  let total = 0;
  grid.shares.forEach((share, cell) => {
    const height = Math.min(20, rows - Math.floor(cell / grid.cols) * 20);
    const width = Math.min(7, cols - (cell % grid.cols) * 7);
    total += share * height * width;
  });
  assert.equal(Math.round(total), Math.ceil((rows * cols) / 3));
});
