// What compaction would produce from a model that is not a chain, read off its coupling graph: the
// same figures as compacted_cost.ts gives for chains, from the channel sets compaction would remove
// (dead_channels.ts) and the cost of the model without them (graph_cost.ts).
import type * as tfl from '@tensorflow/tfjs-layers';
import type { CompactedCost, StageCost } from './compacted_cost.js';
import { couplingGraph, type CouplingGraph } from './coupling_graph.js';
import { decideChannels } from './dead_channels.js';
import { firstOps, graphCost, type RemovedSets } from './graph_cost.js';

export function graphCompactedCost(model: tfl.LayersModel): CompactedCost {
  const graph = couplingGraph(model);
  return costOfRemovedSets(graph, decideChannels(graph).removed);
}

/** The compacted network's cost once the channel sets in `removed` are gone. */
export function costOfRemovedSets(graph: CouplingGraph, removed: RemovedSets): CompactedCost {
  const dense = graphCost(graph);
  const after = graphCost(graph, removed);
  const costs = new Map(after.layers.map((layer) => [layer.layer, layer]));
  const stages: StageCost[] = [];
  for (const { op, rule } of firstOps(graph).values()) {
    if (rule.kind !== 'kernel') continue;
    const sets = Array.from(graph.setOf.get(op.outputs[0].key) ?? []);
    const cost = costs.get(op.layer.name);
    stages.push({
      layer: op.layer.name,
      unitsBefore: sets.length,
      unitsAfter: sets.filter((set) => !removed.has(set)).length,
      macsAfter: cost?.macs ?? 0,
      paramsAfter: cost?.params ?? 0,
    });
  }
  return {
    macs: after.macs,
    params: after.params,
    denseMacs: dense.macs,
    denseParams: dense.params,
    macsFraction: dense.macs === 0 ? 1 : after.macs / dense.macs,
    paramsFraction: dense.params === 0 ? 1 : after.params / dense.params,
    stages,
  };
}
