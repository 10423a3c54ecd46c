// The cost-target controller's pieces against hand-computed numbers: the plan, the strength law, the
// removal order and the shares of each layer it presses (an image's pixels a border line at a time),
// forcePrune, and the target's validation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { buildModel } from '../../src/models/registry.js';
import { compactedCost } from '../../src/structure/compacted_cost.js';
import { analyseStructure } from '../../src/structure/structure_analysis.js';
import { unitFamilies } from '../../src/structure/unit_families.js';
import { unitCouplings } from '../../src/structure/unit_groups.js';
import {
  checkCostTarget, keptShares, GAIN_DOWN, removalOrder, GAIN_UP, nextStrength, PLAN_SHARE, plannedFractions, targetReached,
} from '../../src/train/cost_target.js';
import { forcePrune, pruneToGoal } from '../../src/train/force_prune.js';
import { CgesError } from '../../src/util/errors.js';

test('the plan falls geometrically from 1 to the target by PLAN_SHARE of the deadline, then holds', () => {
  const deadline = 1000;
  const end = PLAN_SHARE * deadline;
  assert.deepEqual(plannedFractions({ macs: 0.25 }, 0, deadline), { macs: 1 });
  assert.ok(Math.abs((plannedFractions({ macs: 0.25 }, end / 2, deadline).macs ?? 0) - 0.5) < 1e-12);
  assert.deepEqual(plannedFractions({ macs: 0.25, params: 0.1 }, deadline, deadline), { macs: 0.25, params: 0.1 });
});

test('the strength rises by GAIN_UP behind the plan, falls by GAIN_DOWN ahead, by the worst target', () => {
  const deadline = 1000;
  // At step 0 the plan is 1: cost 1 is on plan.
  assert.equal(nextStrength(2, { macs: 0.1 }, { macs: 1, params: 1 }, 0, deadline), 2);
  // At the plan's end (c* = 0.1), cost 1 is a full error of +1; cost 0.01 is -1.
  assert.ok(Math.abs(nextStrength(2, { macs: 0.1 }, { macs: 1, params: 1 }, deadline, deadline) - 2 * Math.exp(GAIN_UP)) < 1e-12);
  assert.ok(Math.abs(nextStrength(2, { macs: 0.1 }, { macs: 0.01, params: 1 }, deadline, deadline) - 2 * Math.exp(-GAIN_DOWN)) < 1e-12);
  // Half a decade behind on params, on plan for MACs: the params error (0.5) decides.
  const fractions = { macs: 0.1, params: 0.1 * Math.sqrt(10) };
  const next = nextStrength(1, { macs: 0.1, params: 0.1 }, fractions, deadline, deadline);
  assert.ok(Math.abs(next - Math.exp(GAIN_UP * 0.5)) < 1e-12);
});

/**
 * Dense 4 -> 3 -> 2 -> 2, no biases: kernels all ones but d1's unit 0, whose column is 0.1. Unit norms:
 * d1 sqrt(0.04 + 2), sqrt(6), sqrt(6) (column of 4, row of 2); d2 sqrt(5) each (column of 3, row of 2).
 * MACs 4*3 + 3*2 + 2*2 = 22; parameters the same.
 */
function handNet(): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ name: 'd1', inputShape: [4], units: 3, useBias: false, activation: 'relu' }));
  model.add(tfl.layers.dense({ name: 'd2', units: 2, useBias: false, activation: 'relu' }));
  model.add(tfl.layers.dense({ name: 'out', units: 2, useBias: false }));
  const d1 = tf.mul(tf.ones([4, 3]), tf.tensor1d([0.1, 1, 1]));
  model.getLayer('d1').setWeights([d1]);
  model.getLayer('d2').setWeights([tf.ones([3, 2])]);
  model.getLayer('out').setWeights([tf.ones([2, 2])]);
  return model;
}

test('removal order: least share of its layer per share of the cost saved, neighbours counted live (by hand)', () => {
  const model = handNet();
  const couplings = unitFamilies(model);
  const analysis = analyseStructure(model, couplings);
  const dense = { macs: 22, params: 22, kernelWeights: 22 };
  const start = { macs: 1, params: 1 };
  // d1 unit 0: importance 1.428 / (1.428 + 2 * 2.449) = 0.226 per 6/22 saved, 0.83; d2's units
  // 0.5 per 5/22, 2.2. Removing d1's unit 0 leaves 16/22 = 0.727.
  assert.deepEqual(removalOrder(couplings, analysis, { macs: 0.8 }, start, dense), [{ k: 0, u: 0 }]);
  // Then d1 unit 1: 0.5 per 6/22 (1.83) against d2's 0.5 per (3 * 2/3 + 2)/22 (2.75): 10/22 left.
  assert.deepEqual(removalOrder(couplings, analysis, { macs: 0.5 }, start, dense), [{ k: 0, u: 0 }, { k: 0, u: 1 }]);
  // d1 keeps its last unit, so d2 gives one (1 + 2 MACs): 7/22 > 0.3, and d2 keeps its last one.
  assert.deepEqual(removalOrder(couplings, analysis, { macs: 0.3 }, start, dense), [{ k: 0, u: 0 }, { k: 0, u: 1 }, { k: 1, u: 0 }]);
  // The layers' shares of units kept for 0.5: one of d1's three, both of d2's.
  assert.deepEqual(keptShares(couplings, analysis, { macs: 0.5 }, start, dense), [1 / 3, 1]);
  // forcePrune removes exactly those, and compaction's cost agrees with the estimate: 4 + 2 + 4 MACs.
  assert.equal(forcePrune(model, { macs: 0.5 }, dense), 2);
  assert.equal(compactedCost(model).macs, 10);
  assert.equal(forcePrune(model, { macs: 0.5 }, dense), 0);
  model.dispose();
});

test('cost weights of lenet-300-100: a MACs target takes fc1 units only (784 inputs each), at init', () => {
  const model = buildModel('lenet-300-100', { seed: 1 });
  const couplings = unitCouplings(model);
  assert.deepEqual(couplings.map((c) => [c.producer.name, c.groupSize, c.macsPerUnit, c.paramsPerUnit]),
    [['fc1', 784 + 100, 884, 885], ['fc2', 300 + 10, 310, 311]]);
  const dense = { macs: 266200, params: 266610, kernelWeights: 266200 };
  const families = unitFamilies(model);
  const [fc1, fc2] = keptShares(families, analyseStructure(model, families), { macs: 0.2 }, { macs: 1, params: 1 }, dense);
  // fc2 stays whole, so every fc1 unit saves 884 MACs: ceil(0.8 * 266200 / 884) = 241 of its 300 units
  // go, 59 stay.
  assert.equal(fc1, 59 / 300);
  assert.equal(fc2, 1);
  model.dispose();
});

test('a target is fractions in (0, 1); reached when every given kind is at or under it', () => {
  assert.throws(() => checkCostTarget({}), CgesError);
  assert.throws(() => checkCostTarget({ macs: 0 }), /target macs must be a fraction in \(0, 1\), got 0/);
  assert.throws(() => checkCostTarget({ params: 1.5 }), CgesError);
  // A target of 1 is met before the first step: alone or beside another, it would switch the regulariser off.
  assert.throws(() => checkCostTarget({ macs: 1 }), /target macs must be a fraction in \(0, 1\), got 1/);
  assert.throws(() => checkCostTarget({ macs: 0.2, params: 1 }), /target params must be a fraction in \(0, 1\), got 1/);
  assert.doesNotThrow(() => checkCostTarget({ macs: 0.999 }));
  assert.ok(targetReached({ macs: 0.2 }, { macs: 0.2, params: 0.9 }));
  assert.ok(!targetReached({ macs: 0.2, params: 0.5 }, { macs: 0.1, params: 0.6 }));
});

/**
 * Flatten 3x3x1 -> d1 Dense 2 -> out Dense 2, no biases: pixel p's row of d1 is [v, v] with v 0.1 on the
 * top row and 1 elsewhere; out all ones. MACs 9 * 2 + 2 * 2 = 22; parameters the same.
 */
function handImageNet(): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.flatten({ name: 'flatten', inputShape: [3, 3, 1] }));
  model.add(tfl.layers.dense({ name: 'd1', units: 2, useBias: false, activation: 'relu' }));
  model.add(tfl.layers.dense({ name: 'out', units: 2, useBias: false }));
  tf.tidy(() => {
    model.getLayer('d1').setWeights([tf.mul(tf.ones([9, 2]), tf.tensor2d([0.1, 0.1, 0.1, 1, 1, 1, 1, 1, 1], [9, 1]))]);
    model.getLayer('out').setWeights([tf.ones([2, 2])]);
  });
  return model;
}

test('removal order with the input cropped: pixels go a border line at a time, and d1 units then save the crop\'s rows (by hand)', () => {
  const model = handImageNet();
  const families = unitFamilies(model, { cropInput: true });
  assert.deepEqual(families.map((f) => f.key), ['d1', 'input pixels']);
  const analyse = (m: tfl.LayersModel) => analyseStructure(m, families);
  const dense = { macs: 22, params: 22, kernelWeights: 22 };
  const start = { macs: 1, params: 1 };
  // Pixel norms 0.1 sqrt(2) on top, sqrt(2) elsewhere (sum 6.3 sqrt(2)); a cut pixel saves its 2 MACs.
  // Top line: 0.3 / 6.3 = 0.048 per 6/22, 0.17; left column 2.1 / 6.3 per 6/22, 1.22; bottom 1.75; a d1
  // unit 0.5 per (9 + 2)/22, 1.0. The top line goes: 16/22 = 0.727.
  assert.deepEqual(removalOrder(families, analyse(model), { macs: 0.8 }, start, dense), [0, 1, 2].map((u) => ({ k: 1, u })));
  // Then a d1 unit saves 6 rows of the crop and 2 outputs, (6 + 2)/22: 0.5 per 8/22 (1.38), against the
  // bottom line's or the left column's 0.5 and 0.33 of the rest per 6/22 and 4/22 (1.83 each). 8/22 left.
  assert.deepEqual(removalOrder(families, analyse(model), { macs: 0.5 }, start, dense),
    [{ k: 1, u: 0 }, { k: 1, u: 1 }, { k: 1, u: 2 }, { k: 0, u: 0 }]);
  // The prox keeps 6 of the 9 pixels (the box's) and one of d1's units.
  assert.deepEqual(keptShares(families, analyse(model), { macs: 0.5 }, start, dense), [1 / 2, 6 / 9]);
  // Removing them, the crop's cost is what the estimate said: 6 pixels into one unit, one unit into 2 outputs.
  const { removed, analysis } = pruneToGoal(model, families, { macs: 0.5 }, dense, analyse);
  assert.equal(removed, 4);
  assert.equal(analysis.cost.macs, 8);
  assert.equal(compactedCost(model, { cropInput: true }).macs, 8);
  model.dispose();
});
