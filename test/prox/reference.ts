// Test helpers for the proximal operators: a seeded generator and a float64 view of kernel groups,
// written independently of src/prox so the references do not share its code.
import * as tf from '@tensorflow/tfjs-core';
import assert from 'node:assert/strict';
import type { Grouping } from '../../src/prox/index.js';

/** mulberry32: a small seeded uniform generator in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values in [-scale, scale), with some exact zeros mixed in when zeroFraction > 0. */
export function randomValues(count: number, random: () => number, scale = 1, zeroFraction = 0): number[] {
  return Array.from({ length: count }, () => (random() < zeroFraction ? 0 : (2 * random() - 1) * scale));
}

/** Flat indices of each group of a row-major [rows, cols] matrix. */
export function groupIndices(rows: number, cols: number, grouping: Grouping): number[][] {
  if (grouping === 'input') {
    return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => r * cols + c));
  }
  return Array.from({ length: cols }, (_, c) => Array.from({ length: rows }, (_, r) => r * cols + c));
}

/** Applies a float64 map to every group of the flat values and returns the new flat values. */
export function mapGroups(
  values: ArrayLike<number>, rows: number, cols: number, grouping: Grouping,
  map: (group: number[]) => number[],
): number[] {
  const out = new Array<number>(values.length).fill(0);
  for (const indices of groupIndices(rows, cols, grouping)) {
    const result = map(indices.map((i) => values[i]));
    indices.forEach((i, j) => { out[i] = result[j]; });
  }
  return out;
}

export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const difference = Math.abs(actual[i] - expected[i]);
    assert.ok(
      Number.isFinite(actual[i]) && difference <= tolerance * (1 + Math.abs(expected[i])),
      `${what}: index ${i} is ${actual[i]}, expected ${expected[i]} (difference ${difference})`,
    );
  }
}

/** Runs op on a fresh tensor of `values`, returns the result's values, and checks nothing leaked. */
export function runOp(values: number[], shape: number[], op: (w: tf.Tensor) => tf.Tensor): Float32Array {
  const before = tf.memory().numTensors;
  const w = tf.tensor(values, shape, 'float32');
  const result = op(w);
  assert.notEqual(result, w, 'the op must return a new tensor');
  assert.deepEqual(result.shape, shape);
  const data = result.dataSync() as Float32Array;
  w.dispose();
  result.dispose();
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  return data;
}

/** Positions of the non-zero entries. */
export function support(values: ArrayLike<number>): Set<number> {
  const set = new Set<number>();
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) set.add(i);
  return set;
}

export function assertSubset(inner: Set<number>, outer: Set<number>, what: string): void {
  for (const i of inner) assert.ok(outer.has(i), `${what}: index ${i} became non-zero`);
}
