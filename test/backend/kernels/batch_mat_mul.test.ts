// The onednn BatchMatMul kernel (tf.matMul) against the cpu backend: non-square, every transpose,
// batches equal or broadcast from 1, rank 4; broadcasts it does not cover fall back; tf.grad; no
// leaks; primitive cache eviction; and argument checks in the addon.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { loadNativeAddon } from '../../../src/backend/native_addon.js';
import { NOT_BUILT, assertSameAsCpu, oneDnnAvailable, random } from './onednn_test_utils.js';

const available = oneDnnAvailable();

/** Shapes of a and b for an m x k times k x n product, with the stored axes swapped when transposed. */
function operands(outerA: number[], outerB: number[], [m, k, n]: number[], transposeA: boolean, transposeB: boolean) {
  return [[...outerA, ...(transposeA ? [k, m] : [m, k])], [...outerB, ...(transposeB ? [n, k] : [k, n])]];
}

test('BatchMatMul on onednn equals cpu for every transpose, batch and broadcast it covers', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const batches: [number[], number[]][] = [[[], []], [[3], [3]], [[], [3]], [[4], []], [[2, 3], [2, 3]], [[1, 3], [3]]];
  let seed = 0;
  for (const [outerA, outerB] of batches) {
    for (const [transposeA, transposeB] of [[false, false], [true, false], [false, true], [true, true]]) {
      const [shapeA, shapeB] = operands(outerA, outerB, [5, 7, 3], transposeA, transposeB);
      const [a, b] = [random(shapeA, seed++), random(shapeB, seed++)];
      assertSameAsCpu(`a ${shapeA}, b ${shapeB}, transposeA ${transposeA}, transposeB ${transposeB}`,
        () => tf.matMul(a, b, transposeA, transposeB), { native: 'batchMatMul' });
      tf.dispose([a, b]);
    }
  }
});

test('BatchMatMul on onednn equals cpu for a dense layer of seed-mnist (3136 -> 1024, batch 20)', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const [x, w] = [random([20, 3136], 1), random([3136, 1024], 2)];
  assertSameAsCpu('dense 3136 -> 1024', () => tf.matMul(x, w), { native: 'batchMatMul' });
  tf.dispose([x, w]);
});

test('BatchMatMul falls back to cpu for axis-by-axis broadcasts and int32, with the same result', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const [a, b] = [random([2, 3, 4, 5], 3), random([3, 5, 2], 4)];
  assertSameAsCpu('outer [2, 3] with [3]', () => tf.matMul(a, b));
  const [i, j] = [tf.tensor2d([[1, 2], [3, 4]], [2, 2], 'int32'), tf.tensor2d([[5, 6], [7, 8]], [2, 2], 'int32')];
  assertSameAsCpu('int32', () => tf.matMul(i, j));
  tf.dispose([a, b, i, j]);
});

test('tf.grad through matMul on onednn equals cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  for (const [transposeA, transposeB] of [[false, false], [true, false], [false, true], [true, true]]) {
    const [shapeA, shapeB] = operands([], [], [6, 9, 4], transposeA, transposeB);
    const [a, b, dy] = [random(shapeA, 5), random(shapeB, 6), random([6, 4], 7)];
    assertSameAsCpu(`gradients, transposeA ${transposeA}, transposeB ${transposeB}`,
      () => tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y, transposeA, transposeB))([a, b], dy),
      { native: 'batchMatMul' });
    tf.dispose([a, b, dy]);
  }
});

test('BatchMatMul stays right when more shapes are used than its primitive cache holds', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  // 70 shapes evict the first ones from the 64-entry cache; the second pass rebuilds them.
  for (const pass of [0, 1]) {
    for (let m = 1; m <= 70; m++) {
      const [a, b] = [random([m, 3], m), random([3, 2], 1000 + m)];
      assertSameAsCpu(`pass ${pass}, m ${m}`, () => tf.matMul(a, b), { native: 'batchMatMul' });
      tf.dispose([a, b]);
    }
  }
});

test('batchMatMul throws a TypeError naming the function and the argument at fault', (t) => {
  const addon = loadNativeAddon();
  if (addon === null) return t.skip(NOT_BUILT);
  const [a, b, out] = [new Float32Array(6), new Float32Array(12), new Float32Array(8)];
  const shape = [1, 1, 2, 3, 4];
  assert.doesNotThrow(() => addon.batchMatMul(a, b, out, shape, false, false));
  assert.throws(() => addon.batchMatMul(a, b, new Float32Array(7), shape, false, false),
    { name: 'TypeError', message: /batchMatMul: argument out must have 8 elements/ });
  assert.throws(() => addon.batchMatMul(a, b, out, [2, 3, 2, 3, 4], false, false),
    { name: 'TypeError', message: /batchMatMul: argument shape must have equal batches or a batch of 1/ });
  assert.throws(() => Reflect.apply(addon.batchMatMul, addon, [a, b, out, shape, false, 1]),
    { name: 'TypeError', message: /batchMatMul: argument transposeB must be a boolean/ });
  // 2^40 * 2^40 * 3 wraps around int64; the check must catch it before any length comparison.
  assert.throws(() => addon.batchMatMul(a, b, out, [1, 1, 2 ** 40, 3, 2 ** 40], false, false),
    { name: 'TypeError', message: /batchMatMul: argument shape has more elements than fit in memory/ });
});

test('BatchMatMul runs small products on one thread and leaves the thread count as it was', (t) => {
  const addon = loadNativeAddon();
  if (!available || addon === null) return t.skip(NOT_BUILT);
  const threads = addon.getThreads();
  // 100 x 300 x 100 is below the parallel minimum (one thread), 100 x 784 x 300 above it.
  for (const [m, k, n] of [[100, 300, 100], [100, 784, 300]]) {
    const [a, b] = [random([m, k], m + k), random([k, n], k + n)];
    assertSameAsCpu(`${m} x ${k} x ${n}`, () => tf.matMul(a, b), { native: 'batchMatMul' });
    tf.dispose([a, b]);
    assert.equal(addon.getThreads(), threads, `threads after ${m} x ${k} x ${n}`);
  }
});
