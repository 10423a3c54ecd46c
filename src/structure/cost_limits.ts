// The smallest compacted cost a model's structure allows: one unit left in each family whose units can
// go (unit_families.ts: the units the prox and forced removal take), the outputs fixed, every other layer
// as it is. The input is fixed too, unless its features are units (pruneInputs: one feature left) or its
// pixels are (cropInput: a one-pixel crop left). No cost-target run can end below it.
import type * as tfl from '@tensorflow/tfjs-layers';
import { isChain } from './chain.js';
import { analyseDeadUnits, costOfDecisions, type CompactedCost, type InputOptions } from './compacted_cost.js';
import type { StageDecision } from './dead_units.js';
import { costOfRemovedSets } from './graph_compacted_cost.js';
import { couplingGraphOf, unitFamilies, type GraphFamily, type InputFamily } from './unit_families.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

function smallestChainCost(model: tfl.LayersModel, inputs: InputOptions): CompactedCost {
  const analysis = analyseDeadUnits(model);
  const { chain, weights } = analysis;
  // The families the controller removes units of, so the floor is what forced removal can reach.
  const families = unitFamilies(model, inputs);
  const removable = new Set(families.flatMap((family) => (family.kind === 'chain' ? [family.layer] : [])));
  const input = families.find((family): family is InputFamily => family.kind === 'inputs');
  // The first stage keeps one input unit of that family (a feature, or one pixel's channels), else every row.
  const leastInput = (rows: number) => range(input === undefined ? rows : input.image?.[2] ?? 1);
  const decisions: StageDecision[] = [];
  chain.stages.forEach((stage, i) => {
    const w = weights[i];
    const linked = i > 0 && chain.links[i - 1] !== undefined;
    decisions.push({
      keepIn: linked ? decisions[i - 1].keepOut : i === 0 ? leastInput(w.channels) : range(w.channels),
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
export function smallestCost(model: tfl.LayersModel, inputs: InputOptions = {}): CompactedCost {
  if (isChain(model)) return smallestChainCost(model, inputs);
  const families = unitFamilies(model).filter((family): family is GraphFamily => family.kind === 'graph');
  return costOfRemovedSets(couplingGraphOf(model), new Set(families.flatMap((family) => family.sets.slice(1))));
}
