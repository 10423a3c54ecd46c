// Keeping to a cost target's plan: where the network compaction would produce is above the planned cost
// at a control point (or above the target at the deadline), the weakest units are removed until it is
// not, so a run follows its plan and always ends at or under its target. "Weakest" is the unit-group norm per weight of the group over the layer's cost weight, the
// same price the controller's group prox charges, so this finishes what the prox had started. Units go
// in chunks, the cost being measured again after each, and every layer keeps at least one unit.
import type * as tfl from '@tensorflow/tfjs-layers';
import { unitSquaredNorms } from '../prox/index.js';
import { compactedCost } from '../structure/compacted_cost.js';
import { couplingMatrices, unitCouplings } from '../structure/unit_groups.js';
import { costFractions, targetReached, type CostTarget, type DenseCost } from './cost_target.js';
import { zeroUnits } from './unit_masks.js';

/** Zeroes the weakest units until `goal` is met; returns how many were removed. */
export function forcePrune(
  model: tfl.LayersModel, goal: CostTarget, dense: DenseCost, costWeights: number[] | undefined,
): number {
  const couplings = unitCouplings(model);
  const candidates = couplings.flatMap((coupling, k) => {
    const norms = unitSquaredNorms(couplingMatrices(coupling));
    const price = Math.sqrt(coupling.groupSize) * (costWeights?.[k] ?? 1);
    return [...norms].flatMap((squares, u) => (squares > 0 ? [{ k, u, score: Math.sqrt(squares) / price }] : []));
  }).sort((a, b) => a.score - b.score);
  const alive = couplings.map((_, k) => candidates.filter((c) => c.k === k).length);
  let removed = 0;
  let next = 0;
  for (;;) {
    const estimate = costFractions(compactedCost(model), dense);
    if (targetReached(goal, estimate) || next >= candidates.length) break;
    // Units one by one, each counted at what its coupling says one unit saves, until the estimate meets
    // the goal; then the cost is measured again (removals cascade, so the estimate is only a guide).
    const byCoupling = new Map<number, number[]>();
    while (next < candidates.length && !targetReached(goal, estimate)) {
      const { k, u } = candidates[next++];
      if (alive[k] <= 1) continue;
      alive[k]--;
      byCoupling.set(k, [...(byCoupling.get(k) ?? []), u]);
      estimate.macs -= couplings[k].macsPerUnit / dense.macs;
      estimate.params -= couplings[k].paramsPerUnit / dense.params;
      removed++;
    }
    for (const [k, units] of byCoupling) zeroUnits(couplings[k], units);
  }
  return removed;
}
