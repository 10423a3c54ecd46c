// groupProx against hand-computed values and a float64 reference of max(0, 1 - t/||w_g||) * w_g.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { CgesError } from '../../src/util/errors.js';
import { groupProx, type Grouping } from '../../src/prox/index.js';
import { assertClose, assertSubset, mapGroups, randomValues, runOp, seededRandom, support } from './reference.js';

await tf.setBackend('cpu');

function groupProxReference(group: number[], t: number): number[] {
  const norm = Math.sqrt(group.reduce((sum, x) => sum + x * x, 0));
  const scale = norm > t ? 1 - t / norm : 0;
  return group.map((x) => x * scale);
}

test('groupProx shrinks rows (input grouping) by hand-computed factors', () => {
  // Row norms 5, 0 and 0.5; threshold 1: scale 0.8, zero group stays zero, 0.5 < 1 dies.
  const out = runOp([3, 4, 0, 0, 0.3, 0.4], [3, 2], (w) => groupProx(w, 1, 'input'));
  assertClose(out, [2.4, 3.2, 0, 0, 0, 0], 1e-6, 'rows');
});

test('groupProx shrinks columns (output grouping) by hand-computed factors', () => {
  // Column norms 5 and 0; threshold 2.5 halves the first column.
  const out = runOp([3, 0, 4, 0], [2, 2], (w) => groupProx(w, 2.5, 'output'));
  assertClose(out, [1.5, 0, 2, 0], 1e-6, 'columns');
});

test('groupProx matches the float64 reference on dense and conv kernels, both groupings', () => {
  const random = seededRandom(7);
  const shapes = [[6, 5], [3, 3, 2, 4], [9]];
  for (const shape of shapes) {
    const size = shape.reduce((a, b) => a * b, 1);
    const cols = shape[shape.length - 1];
    const values = randomValues(size, random, 1, 0.1);
    for (const grouping of ['input', 'output'] satisfies Grouping[]) {
      for (const t of [0.05, 0.7, 1.5]) {
        const out = runOp(values, shape, (w) => groupProx(w, t, grouping));
        const expected = mapGroups(values, size / cols, cols, grouping, (g) => groupProxReference(g, t));
        assertClose(out, expected, 1e-5, `shape ${shape} ${grouping} t=${t}`);
      }
    }
  }
});

test('groupProx with threshold 0 is the identity, bit for bit', () => {
  const values = randomValues(40, seededRandom(3), 2, 0.2);
  for (const grouping of ['input', 'output'] satisfies Grouping[]) {
    const out = runOp(values, [8, 5], (w) => groupProx(w, 0, grouping));
    assert.deepEqual(Array.from(out), Array.from(new Float32Array(values)));
  }
});

test('groupProx keeps an all-zero kernel zero, without NaN', () => {
  for (const t of [0, 0.3]) {
    const out = runOp(new Array<number>(12).fill(0), [2, 2, 1, 3], (w) => groupProx(w, t, 'input'));
    assert.deepEqual(Array.from(out), new Array<number>(12).fill(0));
  }
});

test('groupProx: a larger threshold never adds non-zeros', () => {
  const values = randomValues(60, seededRandom(11), 1, 0.1);
  for (const grouping of ['input', 'output'] satisfies Grouping[]) {
    let previous = support(values);
    for (const t of [0.1, 0.5, 0.9, 1.3, 2]) {
      const current = support(runOp(values, [10, 6], (w) => groupProx(w, t, grouping)));
      assertSubset(current, previous, `${grouping} t=${t}`);
      previous = current;
    }
  }
});

test('groupProx works inside tf.tidy without leaking', () => {
  const w = tf.randomNormal([20, 10], 0, 1, 'float32', 1);
  const before = tf.memory().numTensors;
  const kept = tf.tidy(() => groupProx(groupProx(w, 0.5, 'input'), 0.5, 'output'));
  assert.equal(tf.memory().numTensors, before + 1);
  kept.dispose();
  w.dispose();
});

test('groupProx rejects bad arguments with CgesError', () => {
  const w = tf.ones([2, 2]);
  assert.throws(() => groupProx(w, -1, 'input'), CgesError);
  assert.throws(() => groupProx(w, Number.NaN, 'input'), /threshold/);
  assert.throws(() => groupProx(w, 1, 'rows' as Grouping), /grouping/);
  const ints = tf.ones([2, 2], 'int32');
  assert.throws(() => groupProx(ints, 1, 'input'), /float32/);
  const scalar = tf.scalar(1);
  assert.throws(() => groupProx(scalar, 1, 'input'), /rank/);
  tf.dispose([w, ints, scalar]);
});
