// The unit-group regulariser's policy against a float64 reference written from its formula:
//   unit group u of coupling k:  g_u <- max(0, 1 - t_u / ||g_u||) g_u, its column and its rows together,
//   t = eta * lambda * strength * cG_l * sqrt(|g_k|), times the kept share w_k unless reweighted;
//   reweighted about the round(w_k * units) strongest live units: t_u = t (m / ||g_u||)^2 up to m, the
//   strongest pressed unit's norm, and 0 above (those units are left bit for bit);
// couplings in order (a kernel between two couplings sees the first one's result), then the exclusive
// prox on every kernel's rows at eta * lambda * cE_l, which the strength does not scale.
// cG and cE by hand for L = 4 regularised kernels: mu 0.8, chvar 0.2 gives cG = 0.8, 0.6, 0.4, 0.2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { regularizedKernels } from '../../../src/models/kernels.js';
import { exclusiveProxOriginal } from '../../../src/prox/index.js';
import { unitCouplings } from '../../../src/structure/unit_groups.js';
import { makeRegularizer, type Regularizer, type UnitGroupControl } from '../../../src/train/regularizers/index.js';
import { UnitGroupRegularizer } from '../../../src/train/regularizers/unit_group_regularizer.js';
import { convChain, editLayer } from '../../structure/fixtures.js';

const [ETA, LAMBDA] = [0.1, 0.6];
/** cG_l of cges (mu 0.8, chvar 0.2) and of the group regulariser (1 in every layer, no exclusive term). */
const CGES_GROUP = [0.8, 0.6, 0.4, 0.2];
const GROUP_ONLY = [1, 1, 1, 1];

/** convChain with a few weak units (their whole group scaled down), so that a step removes some. */
function weakChain(): tfl.LayersModel {
  const model = convChain();
  const couplings = unitCouplings(model);
  for (const [k, u, factor] of [[0, 1, 0.05], [1, 3, 0.1], [2, 2, 0.05], [2, 4, 0.3]]) {
    const { units, colsOut, producer, consumer } = couplings[k];
    editLayer(model, producer.name, (kernel, bias) => {
      for (let i = u; i < kernel.length; i += units) kernel[i] *= factor;
      if (bias !== undefined) bias[u] *= factor;
    });
    editLayer(model, consumer.name, (kernel) => {
      kernel.forEach((x, i) => { if (Math.floor(i / colsOut) % units === u) kernel[i] = x * factor; });
    });
  }
  return model;
}

/** The model's regularised kernels as float64 copies, by layer name. */
function kernelsOf(model: tfl.LayersModel): Map<string, Float64Array> {
  return new Map(regularizedKernels(model).map(({ layer, variable }) => [layer.name, Float64Array.from(variable.read().dataSync())]));
}

/**
 * The unit-group part of the step in float64, on `kernels` in place; returns each coupling's scale per unit.
 * `control` as the regulariser's, `groupCoefficients` its cG_l.
 */
function referenceUnitProx(
  model: tfl.LayersModel, kernels: Map<string, Float64Array>, control: UnitGroupControl, groupCoefficients: number[],
): number[][] {
  return unitCouplings(model).map((coupling, k) => {
    const { units, colsOut, groupSize } = coupling;
    const wIn = kernels.get(coupling.producer.name);
    const wOut = kernels.get(coupling.consumer.name);
    assert.ok(wIn !== undefined && wOut !== undefined);
    const rowOf = (i: number) => Math.floor(i / colsOut) % units;
    const norms = Array.from({ length: units }, (_, u) => {
      let squares = 0;
      wIn.forEach((x, i) => { if (i % units === u) squares += x * x; });
      wOut.forEach((x, i) => { if (rowOf(i) === u) squares += x * x; });
      return Math.sqrt(squares);
    });
    const share = control.keptShares?.[k] ?? 1;
    const base = ETA * LAMBDA * control.strength * groupCoefficients[k] * Math.sqrt(groupSize);
    let thresholds: number[];
    if (control.reweighted) {
      const live = norms.filter((n) => n > 0).sort((a, b) => a - b);
      const pressed = live.length - Math.round(share * units);
      const m = pressed > 0 ? live[pressed - 1] : 0;
      thresholds = norms.map((n) => (n > 0 && n <= m ? base * (m / n) ** 2 : 0));
    } else {
      thresholds = norms.map(() => share * base);
    }
    const scales = norms.map((n, u) => (n > thresholds[u] ? 1 - thresholds[u] / n : 0));
    wIn.forEach((x, i) => { wIn[i] = x * scales[i % units]; });
    wOut.forEach((x, i) => { wOut[i] = x * scales[rowOf(i)]; });
    return scales;
  });
}

function assertKernelsClose(model: tfl.LayersModel, expected: Map<string, Float64Array>): void {
  for (const [name, actual] of kernelsOf(model)) {
    const want = expected.get(name);
    assert.ok(want !== undefined);
    actual.forEach((x, i) => {
      assert.ok(Math.abs(x - want[i]) <= 1e-6 * (1 + Math.abs(want[i])), `${name}[${i}]: ${x} vs ${want[i]}`);
      assert.equal(x === 0, want[i] === 0, `${name}[${i}]: zero pattern, ${x} vs ${want[i]}`);
    });
  }
}

/** The group regulariser (cG_l = 1, no exclusive term) or cges bound to `model`, with `control`. */
function bound(name: 'group' | 'cges', model: tfl.LayersModel, control: UnitGroupControl): Regularizer {
  const regularizer = makeRegularizer(name, { lambda: LAMBDA, mu: 0.8, grouping: 'unit', exclusiveForm: 'original' });
  assert.ok(regularizer instanceof UnitGroupRegularizer);
  Object.assign(regularizer.control, control);
  return regularizer.forModel(model);
}

test('cges with unit groups: each unit\'s column and rows shrink together by eta lambda strength cG sqrt(|g|), then the exclusive prox', () => {
  const model = weakChain();
  const control: UnitGroupControl = { strength: 2.5 };
  const expected = kernelsOf(model);
  const scales = referenceUnitProx(model, expected, control, CGES_GROUP);
  // The step does work of every kind: some units go, some shrink.
  assert.ok(scales.flat().some((s) => s === 0) && scales.flat().some((s) => s > 0 && s < 1), JSON.stringify(scales));
  // The exclusive prox on each kernel's rows at eta lambda cE_l, cE = 1 - cG.
  const reference = weakChain();
  regularizedKernels(reference).forEach(({ layer, variable }, l) => {
    const values = expected.get(layer.name);
    assert.ok(values !== undefined);
    const next = tf.tidy(() => exclusiveProxOriginal(tf.tensor(Float32Array.from(values), variable.read().shape), ETA * LAMBDA * (1 - CGES_GROUP[l]), 'input'));
    expected.set(layer.name, Float64Array.from(next.dataSync()));
    next.dispose();
  });
  bound('cges', model, control).proxStep(regularizedKernels(model), ETA);
  assertKernelsClose(model, expected);
  model.dispose();
  reference.dispose();
});

test('kept shares scale the thresholds when not reweighted; a share of 0 leaves the coupling as it was', () => {
  const model = weakChain();
  const before = kernelsOf(model);
  const control: UnitGroupControl = { strength: 2, keptShares: [0, 1, 0.25] };
  const expected = kernelsOf(model);
  const scales = referenceUnitProx(model, expected, control, GROUP_ONLY);
  assert.ok(scales[0].every((s) => s === 1) && scales[2].some((s) => s === 0), JSON.stringify(scales));
  bound('group', model, control).proxStep(regularizedKernels(model), ETA);
  assertKernelsClose(model, expected);
  // conv1's column is no one's row: with a share of 0 it is left bit for bit.
  assert.deepEqual(kernelsOf(model).get('conv1'), before.get('conv1'));
  model.dispose();
});

test('reweighted about the units kept: the weakest are pressed at least t, the kept ones (threshold 0) are left bit for bit', () => {
  const model = weakChain();
  const before = kernelsOf(model);
  // conv1 keeps 2 of 3, conv2 2 of 4, fc 4 of 5 (round(0.7 * 5) = 4 with 0.7 * 5 = 3.5).
  const control: UnitGroupControl = { strength: 1.5, keptShares: [2 / 3, 0.5, 0.7], reweighted: true };
  const expected = kernelsOf(model);
  const scales = referenceUnitProx(model, expected, control, GROUP_ONLY);
  assert.deepEqual(scales.map((s) => s.filter((x) => x === 1).length), [2, 2, 4]);
  bound('group', model, control).proxStep(regularizedKernels(model), ETA);
  assertKernelsClose(model, expected);
  // Every entry both of whose groups were kept is bit-identical.
  const after = kernelsOf(model);
  const couplings = unitCouplings(model);
  const conv2Before = before.get('conv2');
  const conv2After = after.get('conv2');
  assert.ok(conv2Before !== undefined && conv2After !== undefined);
  let untouched = 0;
  conv2After.forEach((x, i) => {
    // conv2's kernel [2, 2, 3, 4]: row channel = a conv1 unit, column = a conv2 unit.
    const keptBoth = scales[0][Math.floor(i / couplings[1].units) % couplings[0].units] === 1 && scales[1][i % couplings[1].units] === 1;
    if (!keptBoth) return;
    untouched++;
    assert.equal(x, conv2Before[i], `conv2[${i}]`);
  });
  assert.equal(untouched, 2 * 2 * 2 * 2);
  model.dispose();
});

test('the strength scales the unit groups only: with the groups off, the step is the exclusive prox at the base lambda', () => {
  const steps = [1, 40].map((strength) => {
    const model = weakChain();
    bound('cges', model, { strength, keptShares: [0, 0, 0] }).proxStep(regularizedKernels(model), ETA);
    const kernels = kernelsOf(model);
    model.dispose();
    return kernels;
  });
  assert.deepEqual(steps[0], steps[1]);
  const reference = weakChain();
  regularizedKernels(reference).forEach(({ layer, variable }, l) => {
    const next = tf.tidy(() => exclusiveProxOriginal(variable.read(), ETA * LAMBDA * (1 - CGES_GROUP[l]), 'input'));
    assert.deepEqual(Float64Array.from(next.dataSync()), steps[0].get(layer.name), layer.name);
    next.dispose();
  });
  reference.dispose();
});

test('a unit-group regulariser not bound to a model says so', () => {
  const model = weakChain();
  const regularizer = makeRegularizer('cges', { lambda: LAMBDA, mu: 0.8, grouping: 'unit', exclusiveForm: 'original' });
  assert.throws(() => regularizer.proxStep(regularizedKernels(model), ETA), /bind the regulariser with forModel\(model\) first/);
  model.dispose();
});
