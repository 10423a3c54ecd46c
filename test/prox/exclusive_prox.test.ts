// exclusiveProxOriginal (the original closed form) against hand-computed values and a float64 reference of
// sign(w_i) * max(0, |w_i| - t * ||w_g||_1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { CgesError } from '../../src/util/errors.js';
import { exclusiveProxOriginal, type Grouping } from '../../src/prox/index.js';
import { assertClose, assertSubset, mapGroups, randomValues, runOp, seededRandom, support } from './reference.js';

await tf.setBackend('cpu');

function seedReference(group: number[], t: number): number[] {
  const l1 = group.reduce((sum, x) => sum + Math.abs(x), 0);
  return group.map((x) => Math.sign(x) * Math.max(0, Math.abs(x) - t * l1));
}

test('exclusiveProxOriginal on hand-computed rows and columns', () => {
  // Row [1, -2, 3]: l1 = 6, t = 0.25 -> threshold 1.5 -> [0, -0.5, 1.5]; the zero row stays zero.
  const rows = runOp([1, -2, 3, 0, 0, 0], [2, 3], (w) => exclusiveProxOriginal(w, 0.25, 'input'));
  assertClose(rows, [0, -0.5, 1.5, 0, 0, 0], 1e-6, 'rows');
  // Columns [1, 0] and [-2, 4]: l1 = 1 and 6, t = 0.1 -> thresholds 0.1 and 0.6.
  const cols = runOp([1, -2, 0, 4], [2, 2], (w) => exclusiveProxOriginal(w, 0.1, 'output'));
  assertClose(cols, [0.9, -1.4, 0, 3.4], 1e-6, 'columns');
});

test('exclusiveProxOriginal matches the float64 formula on dense and conv kernels, both groupings', () => {
  const random = seededRandom(5);
  for (const shape of [[7, 4], [2, 3, 2, 5]]) {
    const size = shape.reduce((a, b) => a * b, 1);
    const cols = shape[shape.length - 1];
    const values = randomValues(size, random, 1, 0.1);
    for (const grouping of ['input', 'output'] satisfies Grouping[]) {
      for (const t of [0.01, 0.1, 0.3]) {
        const out = runOp(values, shape, (w) => exclusiveProxOriginal(w, t, grouping));
        const expected = mapGroups(values, size / cols, cols, grouping, (g) => seedReference(g, t));
        assertClose(out, expected, 1e-5, `shape ${shape} ${grouping} t=${t}`);
      }
    }
  }
});

test('exclusiveProxOriginal with t = 0 is the identity and keeps zero groups zero', () => {
  const values = randomValues(30, seededRandom(9), 3, 0.3);
  const identity = runOp(values, [6, 5], (w) => exclusiveProxOriginal(w, 0, 'output'));
  assert.deepEqual(Array.from(identity), Array.from(new Float32Array(values)));
  const zeros = runOp(new Array<number>(8).fill(0), [4, 2], (w) => exclusiveProxOriginal(w, 0.5, 'input'));
  assert.deepEqual(Array.from(zeros), new Array<number>(8).fill(0));
});

test('exclusiveProxOriginal: a larger t never adds non-zeros', () => {
  const values = randomValues(48, seededRandom(13), 1);
  for (const grouping of ['input', 'output'] satisfies Grouping[]) {
    let previous = support(values);
    for (const t of [0.02, 0.05, 0.1, 0.2, 0.5]) {
      const current = support(runOp(values, [8, 6], (w) => exclusiveProxOriginal(w, t, grouping)));
      assertSubset(current, previous, `${grouping} t=${t}`);
      previous = current;
    }
  }
});

test('exclusiveProxOriginal rejects bad arguments with CgesError', () => {
  const w = tf.ones([2, 2]);
  assert.throws(() => exclusiveProxOriginal(w, -0.1, 'input'), CgesError);
  assert.throws(() => exclusiveProxOriginal(w, Number.POSITIVE_INFINITY, 'input'), /\bt\b/);
  assert.throws(() => exclusiveProxOriginal(w, 0.1, 'columns' as Grouping), /grouping/);
  w.dispose();
});
