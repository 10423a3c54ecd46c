// removalOrder and forcePrune on conv layers (conv -> conv and conv -> flatten -> dense) against a
// brute-force reference: at each step it tries removing every live unit of every layer on the model itself,
// measures what compaction would then cost (compactedCost), and takes the unit with the least share of
// its layer's norm per share of the cost it saves, over the targets not yet met, until the goal is met;
// every layer keeps a unit. forcePrune must remove exactly those units, and nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { compactedCost } from '../../src/structure/compacted_cost.js';
import { analyseStructure } from '../../src/structure/structure_analysis.js';
import { unitFamilies } from '../../src/structure/unit_families.js';
import { unitCouplings } from '../../src/structure/unit_groups.js';
import { costFractions, removalOrder, targetReached, type CostTarget, type DenseCost, type UnitRef } from '../../src/train/cost_target.js';
import { forcePrune } from '../../src/train/force_prune.js';
import { denseCost } from '../../src/train/structure_control.js';
import { zeroUnits } from '../../src/train/unit_weights.js';
import { convChain, editLayer } from '../structure/fixtures.js';

/** convChain with units of spread strengths, and optionally some units already removed. */
function spreadChain(removed: UnitRef[] = []): tfl.LayersModel {
  const model = convChain();
  const scale = (name: string, unit: number, factor: number) => editLayer(model, name, (kernel, bias) => {
    const units = bias?.length ?? 3;
    for (let i = unit; i < kernel.length; i += units) kernel[i] *= factor;
  });
  scale('conv1', 2, 0.3);
  scale('conv2', 0, 0.5);
  scale('conv2', 3, 0.2);
  scale('fc', 3, 0.4);
  scale('fc', 1, 0.7);
  const couplings = unitCouplings(model);
  for (const { k, u } of removed) zeroUnits(couplings[k], [u]);
  return model;
}

/** Each unit's group norm, float64, straight from the kernels' index layout. */
function groupNorms(model: tfl.LayersModel): number[][] {
  return unitCouplings(model).map(({ producerKernel, consumerKernel, units, colsOut }) => {
    const wIn = producerKernel.read().dataSync();
    const wOut = consumerKernel.read().dataSync();
    return Array.from({ length: units }, (_, u) => {
      let squares = 0;
      for (let i = u; i < wIn.length; i += units) squares += wIn[i] ** 2;
      for (let i = 0; i < wOut.length; i++) if (Math.floor(i / colsOut) % units === u) squares += wOut[i] ** 2;
      return Math.sqrt(squares);
    });
  });
}

function bruteForceOrder(model: tfl.LayersModel, goal: CostTarget, dense: DenseCost): UnitRef[] {
  const couplings = unitCouplings(model);
  const norms = groupNorms(model);
  const original = model.getWeights().map((w) => w.clone());
  const cost = () => costFractions(compactedCost(model), dense);
  const order: UnitRef[] = [];
  const isLive = (k: number, u: number) => norms[k][u] > 0 && !order.some((r) => r.k === k && r.u === u);
  for (;;) {
    const now = cost();
    if (targetReached(goal, now)) break;
    const kinds = (['macs', 'params'] as const).filter((kind) => goal[kind] !== undefined && now[kind] > (goal[kind] ?? 1));
    const state = model.getWeights().map((w) => w.clone());
    let best: UnitRef | undefined;
    let bestScore = Infinity;
    couplings.forEach((coupling, k) => {
      const live = norms[k].flatMap((_, u) => (isLive(k, u) ? [u] : []));
      if (live.length <= 1) return;
      const layerSum = live.reduce((sum, u) => sum + norms[k][u], 0);
      for (const u of live) {
        zeroUnits(coupling, [u]);
        const after = cost();
        model.setWeights(state);
        const share = kinds.reduce((sum, kind) => sum + now[kind] - after[kind], 0) / kinds.length;
        const score = norms[k][u] / layerSum / share;
        if (score < bestScore) [best, bestScore] = [{ k, u }, score];
      }
    });
    tf.dispose(state);
    if (best === undefined) break;
    zeroUnits(couplings[best.k], [best.u]);
    order.push(best);
  }
  model.setWeights(original);
  tf.dispose(original);
  return order;
}

const values = (model: tfl.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));

const CASES: { goal: CostTarget; removed?: UnitRef[] }[] = [
  { goal: { macs: 0.3 } },
  { goal: { params: 0.42 } },
  { goal: { macs: 0.7, params: 0.35 } },
  // From a model that has already lost a unit in conv2 and in fc: the neighbours' live shares count.
  { goal: { macs: 0.33 }, removed: [{ k: 1, u: 2 }, { k: 2, u: 0 }] },
];

for (const { goal, removed = [] } of CASES) {
  test(`removalOrder and forcePrune for ${JSON.stringify(goal)}, ${removed.length} units gone before: the brute-force order`, () => {
    const dense = denseCost(convChain());
    const reference = spreadChain(removed);
    const expected = bruteForceOrder(reference, goal, dense);
    // Not a trivial case: units go from at least two layers.
    assert.ok(new Set(expected.map(({ k }) => k)).size >= 2, JSON.stringify(expected));

    const model = spreadChain(removed);
    const fractions = costFractions(compactedCost(model), dense);
    const families = unitFamilies(model);
    assert.deepEqual(removalOrder(families, analyseStructure(model, families), goal, fractions, dense), expected);
    assert.equal(forcePrune(model, goal, dense), expected.length);
    // Exactly those units are gone, and every other weight is as it was.
    const couplings = unitCouplings(reference);
    for (const { k, u } of expected) zeroUnits(couplings[k], [u]);
    assert.deepEqual(values(model), values(reference));
    assert.ok(targetReached(goal, costFractions(compactedCost(model), dense)));
    model.dispose();
    reference.dispose();
  });
}

test('forcePrune stops at one unit per layer when the goal is out of reach, and does nothing once it is met', () => {
  const dense = denseCost(convChain());
  const model = spreadChain();
  const removed = forcePrune(model, { macs: 1e-4 }, dense);
  assert.equal(removed, 2 + 3 + 4);
  assert.deepEqual(compactedCost(model).stages.map((stage) => stage.unitsAfter), [1, 1, 1, 2]);
  const before = values(model);
  assert.equal(forcePrune(model, { macs: 0.9 }, dense), 0);
  assert.deepEqual(values(model), before);
  model.dispose();
});
