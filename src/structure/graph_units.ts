// The units a cost target removes, on the coupling graph: one unit per channel set compaction may
// remove, with every weight slice the set runs through (a producer's filter, the BatchNorm scale and
// shift, a depthwise channel, every consumer's input rows) and what removing the set alone saves.
// A unit-group prox or mask acts on all its slices at once, so that a set is driven to zero everywhere
// together, which is what lets compaction remove it. Biases and moving statistics are not in the group:
// a set whose weights are all zero is constant, and compaction folds its constant where that is exact.
import type * as tfl from '@tensorflow/tfjs-layers';
import type { CoupledOp, CouplingGraph } from './coupling_graph.js';
import { firstOps, keptIndices, opCost, type KeptIndices } from './graph_cost.js';
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

/** What one op with weights keeps with nothing removed, and what it costs. */
interface OpBaseline {
  coupled: CoupledOp;
  all: KeptIndices;
  cost: { macs: number; params: number };
  /** Whether it is the layer's first call, which its parameters are counted at. */
  first: boolean;
  /** Its place in graph.ops. */
  order: number;
}

/**
 * The slices of grouped weights (and makers' biases) that removing `set` takes away, and what it saves:
 * on each axis over input features or output channels of the ops that read or make the set, the indices
 * kept with nothing removed but not with `set` removed.
 */
function unitOf(graph: CouplingGraph, set: number, touched: OpBaseline[]): GraphUnit {
  const removed = new Set([set]);
  const seen = new Set<string>();
  const slices: UnitSlice[] = [];
  const biases: UnitSlice[] = [];
  let macs = 0;
  let params = 0;
  for (const { coupled, all, cost, first } of touched) {
    const { layer } = coupled.op;
    const kept = keptIndices(graph, coupled, removed);
    const without = opCost(graph, coupled, removed);
    macs += cost.macs - without.macs;
    if (first) params += cost.params - without.params;
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
  return { set, slices, biases, macs, params };
}

/** Every removable channel set of the graph as a unit, in graph order. */
export function graphUnits(graph: CouplingGraph): GraphUnit[] {
  const firsts = new Set(firstOps(graph).values());
  // The ops with weights that read or make each tensor: removing a set changes only those of its tensors.
  const byTensor = new Map<string, OpBaseline[]>();
  graph.ops.forEach((coupled, order) => {
    if (coupled.op.layer.weights.length === 0) return;
    const baseline: OpBaseline = {
      coupled, all: keptIndices(graph, coupled, new Set()), cost: opCost(graph, coupled, new Set()), first: firsts.has(coupled), order,
    };
    for (const key of new Set([coupled.op.inputs[0].key, coupled.op.outputs[0].key])) {
      byTensor.set(key, [...(byTensor.get(key) ?? []), baseline]);
    }
  });
  return graph.sets.flatMap((channelSet, set) => {
    if (channelSet.pin !== undefined) return [];
    const touched = new Set(channelSet.channels.flatMap(({ tensor }) => byTensor.get(tensor.key) ?? []));
    // In graph order, as the slices have always been listed.
    return [unitOf(graph, set, [...touched].sort((a, b) => a.order - b.order))];
  });
}
