// Keeping to a cost target's plan: where the network compaction would produce is above the planned cost
// at a control point (or above the target at the deadline), units are removed until it is not, so a run
// follows its plan and always ends at or under its target. Which units, in which order, is the
// controller's removalOrder (cost_target.ts), the same ranking that chose the units the group prox
// presses, so this finishes what the prox had started. The cost is measured again after each pass
// (compaction's dead-unit rules may differ from the estimate), and every family keeps at least one unit.
import type * as tfl from '@tensorflow/tfjs-layers';
import { analyseStructure, type StructureAnalysis } from '../structure/structure_analysis.js';
import { unitFamilies, type UnitFamily } from '../structure/unit_families.js';
import { costFractions, removalOrder, targetReached, type CostTarget, type DenseCost } from './cost_target.js';
import { zeroFamilyUnits } from './unit_weights.js';

/** Passes at most: each removes what the estimate says is missing, so one or two are the rule. */
const PASSES = 8;

/** Zeroes units in removalOrder (computed afresh from the weights) until `goal` is met; returns how many were removed. */
export function forcePrune(model: tfl.LayersModel, goal: CostTarget, dense: DenseCost): number {
  const families = unitFamilies(model);
  return pruneToGoal(model, families, goal, dense, (m) => analyseStructure(m, families)).removed;
}

/**
 * forcePrune over `families` starting from `analysis` (the weights' analysis, `analyse(model)` by default),
 * with the units removed and the analysis of the weights it leaves: each pass that removes units analyses once.
 */
export function pruneToGoal(
  model: tfl.LayersModel, families: UnitFamily[], goal: CostTarget, dense: DenseCost,
  analyse: (model: tfl.LayersModel) => StructureAnalysis, analysis = analyse(model),
): { removed: number; analysis: StructureAnalysis } {
  let removed = 0;
  let current = analysis;
  for (let pass = 0; pass < PASSES; pass++) {
    const fractions = costFractions(current.cost, dense);
    if (targetReached(goal, fractions)) break;
    const order = removalOrder(families, current, goal, fractions, dense);
    if (order.length === 0) break;
    const byFamily = new Map<number, number[]>();
    for (const { k, u } of order) byFamily.set(k, [...(byFamily.get(k) ?? []), u]);
    for (const [k, units] of byFamily) zeroFamilyUnits(families[k], units);
    removed += order.length;
    current = analyse(model);
  }
  return { removed, analysis: current };
}
