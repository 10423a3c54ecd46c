// The native CGES prox against a float64 naive reading of the spec formulas (exact exclusive by brute force
// over k), against the TF.js-ops prox of src/prox, and for its in-place variable form on the onednn backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadNativeAddon } from '../../src/backend/native_addon.js';
import { proxArray, proxVariableInPlace, type NativeProxParams } from '../../src/backend/native_prox.js';
import { registerOneDnnBackend } from '../../src/backend/onednn_backend.js';
import { cgesProx } from '../../src/prox/cges_prox.js';
import { CgesError } from '../../src/util/errors.js';

const skip = loadNativeAddon() === null ? 'the oneDNN addon is not built' : false;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Gaussian-ish values with some groups set wholly to zero. */
function randomKernel(rows: number, cols: number, seed: number, zeroRow = -1, zeroCol = -1): Float32Array {
  const next = rng(seed);
  const values = new Float32Array(rows * cols);
  for (let i = 0; i < values.length; i++) values[i] = (next() + next() + next() - 1.5) * 0.2;
  for (let j = 0; j < cols && zeroRow >= 0; j++) values[zeroRow * cols + j] = 0;
  for (let i = 0; i < rows && zeroCol >= 0; i++) values[i * cols + zeroCol] = 0;
  return values;
}

const soft = (x: number, t: number): number => Math.sign(x) * Math.max(0, Math.abs(x) - t);

/** tau of the exact prox of (t/2)||w||_1^2: the k whose tau_k is consistent with the k largest staying non-zero. */
function bruteForceExactTau(v: number[], t: number): number {
  const sorted = v.map(Math.abs).sort((a, b) => b - a);
  for (let k = sorted.length; k >= 1; k--) {
    const s = sorted.slice(0, k).reduce((a, b) => a + b, 0);
    const tau = (t * s) / (1 + t * k);
    if (sorted[k - 1] > tau && (k === sorted.length || sorted[k] <= tau)) return tau;
  }
  return 0;
}

function referenceProx(values: Float32Array, rows: number, cols: number, p: NativeProxParams): Float64Array {
  const out = new Float64Array(values.length);
  const byRow = p.grouping === 'input';
  for (let g = 0; g < (byRow ? rows : cols); g++) {
    const index = Array.from({ length: byRow ? cols : rows }, (_, k) => (byRow ? g * cols + k : k * cols + g));
    let v = index.map((i) => values[i]);
    if (p.group > 0) {
      const norm = Math.sqrt(v.reduce((a, x) => a + x * x, 0));
      const scale = norm > 0 ? Math.max(0, 1 - p.group / norm) : 0;
      v = v.map((x) => x * scale);
    }
    if (p.exclusive > 0) {
      const tau = p.exclusiveForm === 'original'
        ? p.exclusive * v.reduce((a, x) => a + Math.abs(x), 0)
        : bruteForceExactTau(v, p.exclusive);
      v = v.map((x) => soft(x, tau));
    }
    index.forEach((i, k) => { out[i] = soft(v[k], p.l1); });
  }
  return out;
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    const diff = Math.abs(actual[i] - expected[i]);
    if (!(diff <= tolerance)) {
      assert.fail(`${what}: index ${i}: got ${actual[i]}, expected ${expected[i]} (difference ${diff})`);
    }
  }
}

const base: NativeProxParams = { group: 0, exclusive: 0, l1: 0, grouping: 'input', exclusiveForm: 'original' };
// Thresholds that zero some groups and some weights, but not everything.
const cases: [string, Partial<NativeProxParams>][] = [
  ['identity', {}],
  ['group', { group: 0.3 }],
  ['seed exclusive', { exclusive: 0.02 }],
  ['group + seed exclusive', { group: 0.2, exclusive: 0.02 }],
  ['exact exclusive', { exclusive: 0.5, exclusiveForm: 'exact' }],
  ['group + exact exclusive + l1', { group: 0.2, exclusive: 0.3, l1: 0.01, exclusiveForm: 'exact' }],
  ['group + seed exclusive + l1', { group: 0.1, exclusive: 0.01, l1: 0.02 }],
];

for (const grouping of ['input', 'output'] as const) {
  for (const [name, overrides] of cases) {
    test(`native prox, ${grouping} grouping: ${name} matches the float64 reference`, { skip }, () => {
      // 70 columns cover a full 64-column block plus a partial one; 1100*240 is above the parallel threshold
      // (2^18 weights), so the threads split the groups, each with its own scratch for the exact form.
      for (const [rows, cols] of [[7, 5], [300, 70], [1100, 240], [1, 9], [9, 1]]) {
        const values = randomKernel(rows, cols, rows * 31 + cols, rows > 2 ? 2 : -1, cols > 3 ? 3 : -1);
        const params = { ...base, grouping, ...overrides };
        const actual = proxArray(values, rows, cols, params);
        assertClose(actual, referenceProx(values, rows, cols, params), 1e-6, `${name} [${rows}, ${cols}]`);
        assert.ok(actual.every(Number.isFinite), 'no NaN from zero groups');
      }
    });
  }
}

test('native prox: exact exclusive output minimises 1/2||w - v||^2 + t/2 ||w||_1^2', { skip }, () => {
  const t = 0.4;
  const values = randomKernel(6, 12, 5);
  const w = proxArray(values, 6, 12, { ...base, exclusive: t, exclusiveForm: 'exact' });
  const next = rng(9);
  for (let r = 0; r < 6; r++) {
    const v = Array.from(values.subarray(r * 12, r * 12 + 12));
    const objective = (x: number[]): number => 0.5 * x.reduce((a, xi, i) => a + (xi - v[i]) ** 2, 0) +
      (t / 2) * x.reduce((a, xi) => a + Math.abs(xi), 0) ** 2;
    const best = Array.from(w.subarray(r * 12, r * 12 + 12));
    for (let trial = 0; trial < 50; trial++) {
      const other = best.map((x) => x + (next() - 0.5) * 1e-3);
      assert.ok(objective(best) <= objective(other) + 1e-9, `row ${r}: a perturbation lowers the objective`);
    }
  }
});

test('native prox: in place (out === values) equals the out-of-place result', { skip }, () => {
  for (const grouping of ['input', 'output'] as const) {
    const params = { ...base, group: 0.2, exclusive: 0.3, grouping, exclusiveForm: 'exact' as const };
    const values = randomKernel(40, 130, 3);
    const expected = proxArray(values, 40, 130, params);
    assert.equal(proxArray(values, 40, 130, params, values), values);
    assertClose(values, expected, 0, `in place, ${grouping}`);
  }
});

test('native prox: a larger threshold never adds non-zeros', { skip }, () => {
  const values = randomKernel(50, 40, 8);
  let previous = values.length + 1;
  for (const scale of [0, 0.5, 1, 2, 4]) {
    const out = proxArray(values, 50, 40, { ...base, group: 0.1 * scale, exclusive: 0.01 * scale });
    const nonZeros = out.filter((x) => x !== 0).length;
    assert.ok(nonZeros <= previous, `scale ${scale}: ${nonZeros} non-zeros after ${previous}`);
    previous = nonZeros;
  }
});

test('native prox matches the TF.js-ops cgesProx of src/prox', { skip }, () => {
  const before = tf.memory().numTensors;
  for (const grouping of ['input', 'output'] as const) {
    for (const exclusiveForm of ['original', 'exact'] as const) {
      const params: NativeProxParams = { group: 0.15, exclusive: exclusiveForm === 'original' ? 0.01 : 0.3, l1: 0.005,
        grouping, exclusiveForm };
      const values = randomKernel(5 * 5 * 3, 16, 11, 4, 6);
      const expected = tf.tidy(() => {
        const w = tf.tensor(values, [5, 5, 3, 16]);
        return cgesProx(w, params).dataSync();
      });
      assertClose(proxArray(values, 75, 16, params), expected, 2e-6, `src/prox ${grouping} ${exclusiveForm}`);
    }
  }
  assert.equal(tf.memory().numTensors, before, 'tensor leak');
});

test('proxVariableInPlace updates a onednn variable in place, and declines shared storage', { skip }, async () => {
  const previous = tf.getBackend();
  assert.ok(registerOneDnnBackend());
  await tf.setBackend('onednn');
  try {
    const params: NativeProxParams = { ...base, group: 0.2, exclusive: 0.02, grouping: 'output' };
    const values = randomKernel(3 * 3 * 4, 8, 21, 0, 1);
    const initial = tf.tensor(values.slice(), [3, 3, 4, 8]); // the cpu storage adopts the array it is given
    const variable = tf.variable(initial);
    assert.equal(proxVariableInPlace(variable, params), false, 'storage shared with the initial tensor');
    initial.dispose();
    const before = tf.memory().numTensors;
    assert.equal(proxVariableInPlace(variable, params), true);
    assertClose(variable.dataSync(), referenceProx(values, 36, 8, params), 1e-6, 'variable');

    const alias = tf.reshape(variable, [36, 8]);
    const snapshot = variable.dataSync().slice();
    assert.equal(proxVariableInPlace(variable, params), false, 'shared storage must be declined');
    assertClose(variable.dataSync(), snapshot, 0, 'declined call changed nothing');
    alias.dispose();
    assert.equal(tf.memory().numTensors, before, 'tensor leak');
    variable.dispose();
  } finally {
    await tf.setBackend(previous);
  }
  const cpuVariable = tf.variable(tf.ones([2, 2]));
  assert.equal(proxVariableInPlace(cpuVariable, { ...base, group: 1 }), false, 'cpu backend is declined');
  assertClose(cpuVariable.dataSync(), [1, 1, 1, 1], 0, 'cpu variable unchanged');
  cpuVariable.dispose();
});

test('native prox rejects bad input with CgesError, and bad native arguments with TypeError', { skip }, () => {
  assert.throws(() => proxArray(new Float32Array(6), 2, 4, base), CgesError);
  assert.throws(() => proxArray(new Float32Array(6), 2, 3, { ...base, group: -1 }), /group/);
  assert.throws(() => proxArray(new Float32Array(6), 2, 3, { ...base, l1: NaN }), /l1/);
  const addon = loadNativeAddon();
  assert.ok(addon !== null);
  const values = new Float32Array(6);
  assert.throws(() => addon.cgesProx(values, 2, 4, 0, 0, 0, true, false, values), /cgesProx: argument values/);
  assert.throws(() => addon.cgesProx(values, 2, 3, 0, -1, 0, true, false, values), /cgesProx: argument exclusive/);
});

test('a NaN weight makes its own group NaN and leaves the other groups alone, native and TF.js ops alike', { skip }, () => {
  const values = randomKernel(4, 3, 21);
  values[1 * 3 + 2] = Number.NaN;
  for (const exclusiveForm of ['original', 'exact'] as const) {
    const params: NativeProxParams = { group: 0.05, exclusive: 0.1, l1: 0.01, grouping: 'input', exclusiveForm };
    const native = proxArray(values, 4, 3, params);
    const ops = tf.tidy(() => cgesProx(tf.tensor2d(values, [4, 3]), params).dataSync());
    for (const out of [native, ops]) {
      assert.ok([3, 4, 5].every((i) => Number.isNaN(out[i])), `${exclusiveForm}: row 1 is NaN`);
      assert.ok([0, 1, 2, 6, 7, 8, 9, 10, 11].every((i) => Number.isFinite(out[i])), `${exclusiveForm}: other rows finite`);
    }
  }
});
