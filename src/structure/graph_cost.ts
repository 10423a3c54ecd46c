// What a model costs once some channel sets are removed, read off the coupling graph without building
// anything: multiply-accumulates per example and parameters. Each layer keeps, on every axis of its
// weights that runs over its input features or output channels (weight_axes.ts), the indices whose
// channel set stays. MACs count the weights applied at every output position (kernels), times the
// positions, once per call of the layer; parameters count every weight once per layer.
import type * as tfl from '@tensorflow/tfjs-layers';
import type { ChannelLayout } from './channel_layout.js';
import type { CoupledOp, CouplingGraph } from './coupling_graph.js';
import type { GraphTensor } from './model_graph.js';
import { axesOf, depthMultiplier, type AxisRole } from './weight_axes.js';

export type KeptIndices = Record<AxisRole, number[]>;

/** The removed channel sets: anything that answers whether a set index is among them. */
export type RemovedSets = Pick<ReadonlySet<number>, 'has'>;

export interface LayerCost {
  layer: string;
  macs: number;
  params: number;
}

export interface GraphCost {
  macs: number;
  params: number;
  layers: LayerCost[];
}

/** The features of `tensor`'s last axis whose channel set is not in `removed`. */
export function keptFeatures(graph: CouplingGraph, tensor: GraphTensor, removed: RemovedSets): number[] {
  const layout: ChannelLayout | undefined = graph.layouts.get(tensor.key);
  const sets = graph.setOf.get(tensor.key);
  if (layout === undefined || sets === undefined) throw new Error(`tensor ${tensor.key} is not in the graph`);
  return Array.from(layout.featureChannel).flatMap((channel, f) => (removed.has(sets[channel]) ? [] : [f]));
}

/** The indices an op keeps on each kind of axis once the sets in `removed` are gone. */
export function keptIndices(graph: CouplingGraph, coupled: CoupledOp, removed: RemovedSets): KeptIndices {
  const { op } = coupled;
  const kept = keptFeatures(graph, op.inputs[0], removed);
  const multiplier = depthMultiplier(op.layer);
  return {
    in: kept,
    out: keptFeatures(graph, op.outputs[0], removed),
    inExpanded: kept.flatMap((f) => Array.from({ length: multiplier }, (_, j) => f * multiplier + j)),
  };
}

/** The first op of every layer: every call of a layer keeps the same indices, since the graph joins them. */
export function firstOps(graph: CouplingGraph): Map<tfl.layers.Layer, CoupledOp> {
  const ops = new Map<tfl.layers.Layer, CoupledOp>();
  for (const coupled of graph.ops) if (!ops.has(coupled.op.layer)) ops.set(coupled.op.layer, coupled);
  return ops;
}

const product = (values: number[]): number => values.reduce((a, b) => a * b, 1);

/** Positions per example at which a layer applies its kernel: its output's size over the channel axis. */
function outputPositions(tensor: GraphTensor): number {
  return product(tensor.shape.slice(0, -1));
}

/** Size of each weight of the op's layer once the kept indices alone remain, with its axes. */
function keptWeightSizes(layer: tfl.layers.Layer, kept: KeptIndices): { size: number; perPosition: boolean }[] {
  return layer.weights.map((weight) => {
    const shape = weight.shape.map((d) => d ?? 0);
    const axes = axesOf(layer, weight);
    if (axes === undefined) return { size: product(shape), perPosition: false };
    return {
      size: product(shape.map((d, a) => {
        const role = axes.axes[a];
        return role === null || role === undefined ? d : kept[role].length;
      })),
      perPosition: axes.perPosition,
    };
  });
}

/**
 * One call's cost once the sets in `removed` are gone: the MACs of its kernels at its output positions,
 * and its layer's parameters (which every call shares).
 */
export function opCost(graph: CouplingGraph, coupled: CoupledOp, removed: RemovedSets): { macs: number; params: number } {
  const sizes = keptWeightSizes(coupled.op.layer, keptIndices(graph, coupled, removed));
  const positions = outputPositions(coupled.op.outputs[0]);
  return {
    macs: sizes.reduce((n, w) => n + (w.perPosition ? w.size * positions : 0), 0),
    params: sizes.reduce((n, w) => n + w.size, 0),
  };
}

/** The cost of the model the graph was built from, with the sets in `removed` gone (none by default). */
export function graphCost(graph: CouplingGraph, removed: RemovedSets = new Set()): GraphCost {
  const layers = new Map<tfl.layers.Layer, LayerCost>();
  for (const coupled of graph.ops) {
    const { layer } = coupled.op;
    if (layer.weights.length === 0) continue;
    const cost = opCost(graph, coupled, removed);
    const entry = layers.get(layer) ?? { layer: layer.name, macs: 0, params: cost.params };
    entry.macs += cost.macs;
    layers.set(layer, entry);
  }
  const list = [...layers.values()];
  return {
    macs: list.reduce((n, l) => n + l.macs, 0),
    params: list.reduce((n, l) => n + l.params, 0),
    layers: list,
  };
}
