// exclusiveProxExact against a brute-force float64 minimiser of 0.5*||w - v||^2 + (t/2)*||w||_1^2
// (every support set enumerated), its optimality conditions, and the invariants of a proximal map.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { CgesError } from '../../src/util/errors.js';
import { exclusiveProxExact, exclusiveProxOriginal, type Grouping } from '../../src/prox/index.js';
import { assertClose, assertSubset, groupIndices, mapGroups, randomValues, runOp, seededRandom, support } from './reference.js';

await tf.setBackend('cpu');

function objective(w: number[], v: number[], t: number): number {
  const l1 = w.reduce((sum, x) => sum + Math.abs(x), 0);
  return 0.5 * w.reduce((sum, x, i) => sum + (x - v[i]) ** 2, 0) + 0.5 * t * l1 * l1;
}

/**
 * The minimiser, by enumerating every support S: on S the stationarity condition gives
 * w_i = sign(v_i)(|v_i| - tau) with tau = t*sum_S|v_i| / (1 + t|S|). The true minimiser is one of these
 * candidates, and it has the smallest objective among them (the objective is strictly convex).
 */
function bruteForceProx(v: number[], t: number): number[] {
  let best = v.map(() => 0);
  let bestValue = objective(best, v, t);
  for (let mask = 1; mask < 1 << v.length; mask++) {
    const inside = v.map((_, i) => (mask >> i) & 1);
    const count = inside.reduce((a, b) => a + b, 0);
    const sum = v.reduce((s, x, i) => s + inside[i] * Math.abs(x), 0);
    const tau = (t * sum) / (1 + t * count);
    const candidate = v.map((x, i) => (inside[i] ? Math.sign(x) * (Math.abs(x) - tau) : 0));
    const value = objective(candidate, v, t);
    if (value < bestValue) {
      best = candidate;
      bestValue = value;
    }
  }
  return best;
}

test('exclusiveProxExact on hand-computed groups', () => {
  // [3, 1], t = 1: k = 1 qualifies (3 > 1.5), k = 2 does not (1 < 4/3): tau = 1.5.
  // [2, 2, 2], t = 1: all three qualify (2 > 1.5): tau = 1.5.
  const rows = runOp([3, 1, 0, -2, 2, -2], [2, 3], (w) => exclusiveProxExact(w, 1, 'input'));
  assertClose(rows, [1.5, 0, 0, -0.5, 0.5, -0.5], 1e-6, 'rows');
  const cols = runOp([3, 0, 1, 0], [2, 2], (w) => exclusiveProxExact(w, 1, 'output'));
  assertClose(cols, [1.5, 0, 0, 0], 1e-6, 'columns');
});

test('exclusiveProxExact equals the brute-force minimiser on random groups, both groupings', () => {
  const random = seededRandom(21);
  for (let trial = 0; trial < 12; trial++) {
    const rows = 2 + (trial % 4);
    const cols = 7 - (trial % 3);
    const values = randomValues(rows * cols, random, 2, 0.15);
    const t = [0.05, 0.3, 1, 4][trial % 4];
    for (const grouping of ['input', 'output'] satisfies Grouping[]) {
      const out = runOp(values, [rows, cols], (w) => exclusiveProxExact(w, t, grouping));
      const expected = mapGroups(values, rows, cols, grouping, (g) => bruteForceProx(g, t));
      assertClose(out, expected, 1e-5, `trial ${trial} ${grouping} t=${t}`);
    }
  }
});

test('exclusiveProxExact satisfies the optimality conditions and beats the seed form', () => {
  const random = seededRandom(4);
  const [rows, cols, t] = [40, 16, 0.08];
  const values = randomValues(rows * cols, random, 1, 0.1);
  const exact = runOp(values, [rows, cols], (w) => exclusiveProxExact(w, t, 'input'));
  const seed = runOp(values, [rows, cols], (w) => exclusiveProxOriginal(w, t, 'input'));
  for (const indices of groupIndices(rows, cols, 'input')) {
    const v = indices.map((i) => Math.fround(values[i]));
    const w = indices.map((i) => exact[i]);
    const tau = t * w.reduce((sum, x) => sum + Math.abs(x), 0);
    // 0 in the subdifferential: v_i - w_i = tau*sign(w_i) where w_i != 0, and |v_i| <= tau where w_i = 0.
    w.forEach((x, j) => {
      if (x !== 0) {
        assert.ok(Math.abs(v[j] - x - tau * Math.sign(x)) < 1e-5, `stationarity at ${indices[j]}`);
        assert.equal(Math.sign(x), Math.sign(v[j]), `sign at ${indices[j]}`);
      } else {
        assert.ok(Math.abs(v[j]) <= tau + 1e-6, `zero at ${indices[j]} should survive: |v| ${Math.abs(v[j])} > tau ${tau}`);
      }
    });
    const seedGroup = indices.map((i) => seed[i]);
    assert.ok(objective(w, v, t) <= objective(seedGroup, v, t) + 1e-7, 'the exact map minimises the objective');
  }
});

test('exclusiveProxExact with t = 0 is the identity and keeps zero groups zero', () => {
  const values = randomValues(24, seededRandom(8), 1, 0.3);
  for (const grouping of ['input', 'output'] satisfies Grouping[]) {
    const identity = runOp(values, [2, 3, 1, 4], (w) => exclusiveProxExact(w, 0, grouping));
    assert.deepEqual(Array.from(identity), Array.from(new Float32Array(values)));
  }
  const zeros = runOp(new Array<number>(15).fill(0), [5, 3], (w) => exclusiveProxExact(w, 2, 'output'));
  assert.deepEqual(Array.from(zeros), new Array<number>(15).fill(0));
});

test('exclusiveProxExact: a larger t never adds non-zeros', () => {
  const values = randomValues(60, seededRandom(17), 1);
  for (const grouping of ['input', 'output'] satisfies Grouping[]) {
    let previous = support(values);
    for (const t of [0.01, 0.05, 0.2, 0.6, 3]) {
      const current = support(runOp(values, [6, 10], (w) => exclusiveProxExact(w, t, grouping)));
      assertSubset(current, previous, `${grouping} t=${t}`);
      previous = current;
    }
  }
});

test('exclusiveProxExact works inside tf.tidy and rejects bad arguments', () => {
  const w = tf.randomUniform([5, 4], -1, 1, 'float32', 2);
  const before = tf.memory().numTensors;
  const kept = tf.tidy(() => exclusiveProxExact(tf.mul(w, 2), 0.1, 'input'));
  assert.equal(tf.memory().numTensors, before + 1);
  kept.dispose();
  assert.throws(() => exclusiveProxExact(w, -2, 'input'), CgesError);
  assert.throws(() => exclusiveProxExact(w, 0.1, 'diagonal' as Grouping), /grouping/);
  w.dispose();
});
