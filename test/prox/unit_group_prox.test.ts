// unitGroupProxInPlace against hand-computed values and the closed form of the group prox applied to each
// unit's gathered weights (its column of W_in and its rows p*units + u of W_out), in float64.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unitGroupProxInPlace } from '../../src/prox/index.js';
import { pressedUnitScales, referenceNorm, unitScales } from '../../src/prox/unit_group_prox.js';
import { CgesError } from '../../src/util/errors.js';
import { assertClose, randomValues, seededRandom } from './reference.js';

/** Flat indices of unit u's weights in W_in [rowsIn, units] and W_out [P*units, colsOut], gathered by loops. */
function unitIndices(rowsIn: number, units: number, positions: number, colsOut: number, u: number) {
  const inIdx: number[] = [];
  for (let r = 0; r < rowsIn; r++) inIdx.push(r * units + u);
  const outIdx: number[] = [];
  for (let p = 0; p < positions; p++) for (let v = 0; v < colsOut; v++) outIdx.push((p * units + u) * colsOut + v);
  return { inIdx, outIdx };
}

test('unitGroupProx shrinks a unit\'s column and outgoing row together, by hand', () => {
  // Two units; W_in [1, 2] = [3, 0.3]; W_out [2, 1] = [4, 0.4] (P = 1). Unit norms 5 and 0.5; threshold 1.
  const wIn = Float32Array.from([3, 0.3]);
  const wOut = Float32Array.from([4, 0.4]);
  const scales = unitGroupProxInPlace({ wIn, wOut, units: 2, colsOut: 1 }, 1);
  assertClose(wIn, [2.4, 0], 1e-6, 'W_in');
  assertClose(wOut, [3.2, 0], 1e-6, 'W_out');
  assert.deepEqual([...scales], [0.8, 0]);
});

test('reweighted about the units kept: t_u = t (m / ||g_u||)^2 up to m, the strongest pressed unit; 0 above', () => {
  // Four units, P = 1, colsOut = 1; W_in = [1, 2, 4, 0], W_out = 0: norms 1, 2, 4 and a dead unit.
  assert.equal(referenceNorm([1, 2, 4, 0], 2), 1);
  assert.equal(referenceNorm([4, 0, 2, 1], 1), 2);
  assert.equal(referenceNorm([1, 2], 2), 0);
  assert.equal(referenceNorm([0, 0], 0), 0);
  const wOut = new Float32Array(4);
  const matrices = () => ({ wIn: Float32Array.from([1, 2, 4, 0]), wOut, units: 4, colsOut: 1 });
  // Keep 2: m = 1. Unit 0: t = 0.5, scale 0.5; units 1 and 2 are kept, untouched; the dead unit stays dead.
  const m = matrices();
  const scales = unitGroupProxInPlace(m, 0.5, 2);
  assert.deepEqual([...scales], [0.5, 1, 1, 0]);
  assertClose(m.wIn, [0.5, 2, 4, 0], 1e-6, 'W_in');
  // Keep 1: m = 2; unit 0 gets t = 0.5 * 4 = 2 > 1 and goes, unit 1 t = 0.5 (scale 0.75), unit 2 is kept.
  assert.deepEqual([...unitGroupProxInPlace(matrices(), 0.5, 1)], [0, 0.75, 1, 0]);
  // Keep all three live units: nothing is pressed, whatever t.
  assert.deepEqual([...unitGroupProxInPlace(matrices(), 100, 3)], [1, 1, 1, 0]);
  // Not reweighted: every unit by t.
  assert.deepEqual([...unitGroupProxInPlace(matrices(), 0.5)], [0.5, 0.75, 1 - 0.5 / 4, 0]);
  assert.throws(() => unitGroupProxInPlace(matrices(), 0.5, 1.5), /units kept/);
});

test('unitGroupProx equals the group prox of each unit\'s gathered weights (conv -> flatten -> dense layout)', () => {
  const random = seededRandom(3);
  const [rowsIn, units, positions, colsOut] = [12, 5, 4, 3];
  for (const t of [0, 0.3, 1.2, 4]) {
    const inValues = randomValues(rowsIn * units, random, 1, 0.2);
    const outValues = randomValues(positions * units * colsOut, random, 1, 0.2);
    const wIn = Float32Array.from(inValues);
    const wOut = Float32Array.from(outValues);
    unitGroupProxInPlace({ wIn, wOut, units, colsOut }, t);
    const expectedIn = Float64Array.from(Float32Array.from(inValues));
    const expectedOut = Float64Array.from(Float32Array.from(outValues));
    for (let u = 0; u < units; u++) {
      const { inIdx, outIdx } = unitIndices(rowsIn, units, positions, colsOut, u);
      const norm = Math.hypot(...inIdx.map((i) => expectedIn[i]), ...outIdx.map((i) => expectedOut[i]));
      const scale = norm > t ? 1 - t / norm : 0;
      for (const i of inIdx) expectedIn[i] *= scale;
      for (const i of outIdx) expectedOut[i] *= scale;
    }
    assertClose(wIn, expectedIn, 1e-6, `W_in, t ${t}`);
    assertClose(wOut, expectedOut, 1e-6, `W_out, t ${t}`);
    if (t === 0) assert.deepEqual(wIn, Float32Array.from(inValues), 'threshold 0 is the identity');
  }
});

test('unitGroupProx keeps a zero unit zero, keeps NaN visible, and never adds non-zeros as t grows', () => {
  const wIn = Float32Array.from([0, 1, Number.NaN, 0, 2, 0]); // [2, 3]: unit 0 zero, unit 2 NaN
  const wOut = Float32Array.from([0, 0, 1, 1, 0, 0]); // [3, 2]
  const scales = unitGroupProxInPlace({ wIn, wOut, units: 3, colsOut: 2 }, 0.1);
  assert.equal(scales[0], 0);
  assert.ok(Number.isNaN(wIn[2]));
  const random = seededRandom(9);
  const values = randomValues(40, random);
  const outs = [0.2, 0.8, 2].map((t) => {
    const a = Float32Array.from(values.slice(0, 20));
    const b = Float32Array.from(values.slice(20));
    unitGroupProxInPlace({ wIn: a, wOut: b, units: 4, colsOut: 5 }, t);
    return [...a, ...b].map((x) => x !== 0);
  });
  for (let k = 1; k < outs.length; k++) outs[k].forEach((on, i) => assert.ok(!on || outs[k - 1][i], `index ${i}`));
});

test('unitGroupProx names a shape mismatch or a bad threshold', () => {
  const wIn = new Float32Array(6);
  assert.throws(() => unitGroupProxInPlace({ wIn, wOut: new Float32Array(7), units: 3, colsOut: 2 }, 1), CgesError);
  assert.throws(() => unitGroupProxInPlace({ wIn, wOut: new Float32Array(6), units: 3, colsOut: 2 }, -1), CgesError);
});

test('pressed units chosen by the caller: t_u = t (m / ||g_u||)^2 for them, m the strongest of them; the others untouched', () => {
  // Norms 1, 2, 4, 0.5; units 0 and 1 pressed (not the weakest, unit 3): m = 2, t = 0.5.
  const norms = Float64Array.from([1, 2, 4, 0.5]);
  const scales = pressedUnitScales(norms, 0.5, (u) => u === 0 || u === 1);
  // Unit 0: t_0 = 0.5 * 4 = 2 >= 1, gone; unit 1: t_1 = 0.5, 1 - 0.5 / 2 = 0.75; units 2 and 3 kept as they are.
  assert.deepEqual([...scales], [0, 0.75, 1, 1]);
  // Pressing the weakest `keep` leave is unitScales' reweighting.
  const weakest = (keep: number) => (u: number) => norms[u] <= referenceNorm(norms, keep);
  assert.deepEqual([...pressedUnitScales(norms, 0.5, weakest(2))], [...unitScales(norms, 0.5, 2)]);
  assert.throws(() => pressedUnitScales(norms, -1, () => true), CgesError);
});
