// The cost-target controller's pieces against hand-computed numbers: the plan, the strength law, the
// allocation weights of lenet-300-100's couplings, and the target's validation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '@tensorflow/tfjs-backend-cpu';
import { buildModel } from '../../src/models/registry.js';
import { unitCouplings } from '../../src/structure/unit_groups.js';
import {
  checkCostTarget, costWeights, GAIN_DOWN, GAIN_UP, nextStrength, PLAN_SHARE, plannedFractions, targetReached,
} from '../../src/train/cost_target.js';
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

test('cost weights: sqrt of each coupling\'s cost per group weight over the model\'s average (lenet-300-100)', () => {
  const model = buildModel('lenet-300-100', { seed: 1 });
  const couplings = unitCouplings(model);
  assert.deepEqual(couplings.map((c) => [c.producer.name, c.groupSize, c.macsPerUnit, c.paramsPerUnit]),
    [['fc1', 784 + 100, 884, 885], ['fc2', 300 + 10, 310, 311]]);
  const dense = { macs: 266200, params: 266610, kernelWeights: 266200 };
  const weights = costWeights(couplings, { macs: 0.2 }, { macs: 1, params: 1 }, dense);
  assert.deepEqual(weights, [1, 1]); // dense layers: one MAC per weight, the average
  const params = costWeights(couplings, { params: 0.2 }, { macs: 1, params: 1 }, dense);
  const average = 266610 / 266200;
  assert.ok(Math.abs(params[0] - Math.sqrt(885 / 884 / average)) < 1e-12);
  model.dispose();
});

test('a target is fractions in (0, 1]; reached when every given kind is at or under it', () => {
  assert.throws(() => checkCostTarget({}), CgesError);
  assert.throws(() => checkCostTarget({ macs: 0 }), /target macs must be a fraction in \(0, 1\]/);
  assert.throws(() => checkCostTarget({ params: 1.5 }), CgesError);
  assert.ok(targetReached({ macs: 0.2 }, { macs: 0.2, params: 0.9 }));
  assert.ok(!targetReached({ macs: 0.2, params: 0.5 }, { macs: 0.1, params: 0.6 }));
});
