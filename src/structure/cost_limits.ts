// The smallest compacted cost a model's structure allows: one unit left in each family whose units can
// go (unit_families.ts: the units the prox and forced removal take), the inputs and outputs fixed, every
// other layer as it is. No cost-target run can end below it.
import type * as tfl from '@tensorflow/tfjs-layers';
import { isChain } from './chain.js';
import { analyseDeadUnits, costOfDecisions, type CompactedCost } from './compacted_cost.js';
import type { StageDecision } from './dead_units.js';
import { costOfRemovedSets } from './graph_compacted_cost.js';
import { couplingGraphOf, unitFamilies, type GraphFamily } from './unit_families.js';
import { unitCouplings } from './unit_groups.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

function smallestChainCost(model: tfl.LayersModel): CompactedCost {
  const analysis = analyseDeadUnits(model);
  const { chain, weights } = analysis;
  const removable = new Set(unitCouplings(model).map((coupling) => coupling.producer));
  const decisions: StageDecision[] = [];
  chain.stages.forEach((stage, i) => {
    const w = weights[i];
    const linked = i > 0 && chain.links[i - 1] !== undefined;
    decisions.push({
      keepIn: linked ? decisions[i - 1].keepOut : range(w.channels),
      keepOut: removable.has(stage.layer) ? [0] : range(w.cols),
      bias: w.bias,
      useBias: w.hasBias,
      removedNoOutgoing: 0,
      removedConstant: 0,
      keptNotFoldable: 0,
    });
  });
  return costOfDecisions(model, { ...analysis, decisions });
}

/** The compacted cost with one unit left in every family whose units can go, and nothing else removed. */
export function smallestCost(model: tfl.LayersModel): CompactedCost {
  if (isChain(model)) return smallestChainCost(model);
  const families = unitFamilies(model).filter((family): family is GraphFamily => family.kind === 'graph');
  return costOfRemovedSets(couplingGraphOf(model), new Set(families.flatMap((family) => family.sets.slice(1))));
}
