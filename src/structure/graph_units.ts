// The units a cost target removes, on the coupling graph: one unit per channel set compaction may
// remove, with every weight slice the set runs through (a producer's filter, the BatchNorm scale and
// shift, a depthwise channel, every consumer's input rows) and what removing the set alone saves.
// A unit-group prox or mask acts on all its slices at once, so that a set is driven to zero everywhere
// together, which is what lets compaction remove it. Biases and moving statistics are not in the group:
// a set whose weights are all zero is constant, and compaction folds its constant where that is exact.
import type * as tfl from '@tensorflow/tfjs-layers';
import type { CoupledOp, CouplingGraph } from './coupling_graph.js';
import { graphCost, keptIndices, type KeptIndices } from './graph_cost.js';
import { axesOf, weightName, type AxisRole } from './weight_axes.js';

/** Indices `indices` along `axis` of `variable`: part of one unit. */
export interface UnitSlice {
  layer: tfl.layers.Layer;
  variable: tfl.LayerVariable;
  axis: number;
  /** What the axis runs over: the layer's input features or its output channels. */
  role: AxisRole;
  indices: number[];
}

export interface GraphUnit {
  /** Index of the channel set in graph.sets. */
  set: number;
  /** The slices of the weights that carry the unit's signal: its group. */
  slices: UnitSlice[];
  /** The makers' bias entries: not in the group, but zeroed with it when the unit is masked. */
  biases: UnitSlice[];
  /** MACs per example and parameters that removing this set alone saves. */
  macs: number;
  params: number;
}

/** Weights that carry a unit's signal: kernels and BatchNorm's scale and shift. */
const GROUPED = new Set(['kernel', 'depthwise_kernel', 'pointwise_kernel', 'gamma', 'beta']);

type Slices = Pick<GraphUnit, 'slices' | 'biases'>;

/**
 * The slices of grouped weights that removing `set` takes away: on each axis over input features or
 * output channels, the indices kept with nothing removed but not with `set` removed.
 */
function slicesOf(graph: CouplingGraph, set: number, allIndices: Map<CoupledOp, KeptIndices>): Slices {
  const removed = new Set([set]);
  const seen = new Set<string>();
  const slices: UnitSlice[] = [];
  const biases: UnitSlice[] = [];
  for (const [coupled, all] of allIndices) {
    const { layer } = coupled.op;
    const kept = keptIndices(graph, coupled, removed);
    const lost = (role: AxisRole) => {
      const stays = new Set(kept[role]);
      return all[role].filter((i) => !stays.has(i));
    };
    for (const variable of layer.weights) {
      const axes = axesOf(layer, variable);
      const name = weightName(variable);
      if (axes === undefined || !(GROUPED.has(name) || name === 'bias')) continue;
      axes.axes.forEach((role, axis) => {
        if (role === null) return;
        const indices = lost(role);
        const key = `${variable.originalName}:${axis}`;
        // A shared layer's calls lose the same indices; list them once.
        if (indices.length === 0 || seen.has(key)) return;
        seen.add(key);
        (name === 'bias' ? biases : slices).push({ layer, variable, axis, role, indices });
      });
    }
  }
  return { slices, biases };
}

/** Every removable channel set of the graph as a unit, in graph order. */
export function graphUnits(graph: CouplingGraph): GraphUnit[] {
  const full = graphCost(graph);
  // What each op with weights keeps with nothing removed, which every set's slices are taken from.
  const allIndices = new Map(graph.ops.filter((coupled) => coupled.op.layer.weights.length > 0)
    .map((coupled) => [coupled, keptIndices(graph, coupled, new Set())]));
  return graph.sets.flatMap((channelSet, set) => {
    if (channelSet.pin !== undefined) return [];
    const without = graphCost(graph, new Set([set]));
    return [{
      set, ...slicesOf(graph, set, allIndices),
      macs: full.macs - without.macs,
      params: full.params - without.params,
    }];
  });
}
