// Compaction of any model the coupling graph covers (src/structure/coupling_graph.ts): functional or
// Sequential, nested models included, with BatchNorm, residual joins, concatenations, depthwise and
// separable convolutions. The dead channel sets (dead_channels.ts) go from every layer they touch: each
// weight keeps, on its axes over input features and output channels (weight_axes.ts), the indices whose
// set stays; kernel layers get their new sizes and any bias constants were folded into; the model is
// rebuilt from its own topology, so it is made of built-in layers that plain tf.loadLayersModel reads;
// and the outputs are proven equal (verify.ts).
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { couplingGraph, type CouplingGraph } from '../structure/coupling_graph.js';
import { decideChannels, type ChannelDecision } from '../structure/dead_channels.js';
import { firstOps, graphCost, keptFeatures, keptIndices, type GraphCost, type KeptIndices } from '../structure/graph_cost.js';
import { axesOf, weightName } from '../structure/weight_axes.js';
import type { NestedCall } from '../structure/model_graph.js';
import type { Note } from '../structure/chain.js';
import '../models/separable_conv_config.js';
import type { StageSummary } from './compact_model.js';
import { assertLogitsAgree, compareLogits, randomModelInputs, type LogitComparison, type ModelInputs } from './verify.js';

type JsonDict = Extract<ReturnType<tfl.LayersModel['toJSON']>, object>;
type JsonValue = JsonDict[string];

export interface GraphCompactOptions {
  /** Inputs [N, ...input shape] (one per input of a model with several) to prove equality on; by default
   *  64 uniform random inputs. */
  verifyInputs?: ModelInputs;
  /** Accepted max |output difference| relative to the outputs' scale (default LOGIT_TOLERANCE). */
  tolerance?: number;
}

/** Per kernel layer, what compaction did to its channels, in the terms of a chain's stages. */
export function graphStages(graph: CouplingGraph, decision: ChannelDecision): StageSummary[] {
  const channelsOf = (key: string) => Array.from(graph.setOf.get(key) ?? []);
  return [...firstOps(graph).values()].filter((coupled) => coupled.rule.kind === 'kernel').map(({ op }) => {
    const outSets = channelsOf(op.outputs[0].key);
    const inSets = channelsOf(op.inputs[0].key);
    const count = (sets: number[], keep: (set: number) => boolean) => sets.filter(keep).length;
    return {
      layer: op.layer.name,
      unitsBefore: outSets.length,
      unitsAfter: count(outSets, (set) => !decision.removed.has(set)),
      inChannelsBefore: inSets.length,
      inChannelsAfter: count(inSets, (set) => !decision.removed.has(set)),
      removedNoOutgoing: count(outSets, (set) => decision.removed.get(set) === 'unread'),
      removedConstant: count(outSets, (set) => decision.removed.get(set) === 'constant'),
      keptNotFoldable: count(outSets, (set) => decision.notFoldable.has(set)),
    };
  });
}

/** The graph's notes as compaction notes: the layer, why, and which layers keep every channel for it. */
export function graphNotes(graph: CouplingGraph): Note[] {
  return graph.notes.map(({ layer, reason, keeps }) => ({
    layer, reason: keeps.length === 0 ? reason : `${reason}; every channel of ${keeps.join(', ')} stays`,
  }));
}

/** What a graph compaction sliced by: the original's coupling graph, the channel sets that went, and
 *  the indices each of the original's layers kept on its weights' axes. */
export interface GraphSlicing {
  graph: CouplingGraph;
  decision: ChannelDecision;
  kept: Map<tfl.layers.Layer, KeptIndices>;
}

export interface GraphCompaction extends GraphSlicing {
  model: tfl.LayersModel;
  before: GraphCost;
  after: GraphCost;
  check: LogitComparison;
}

function isDict(value: JsonValue | undefined): value is JsonDict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Each layer's config dict in the model's topology, nested models followed; a nested model's own config
 * (with its layer list) under the model itself.
 */
function configsByLayer(model: tfl.LayersModel, modelConfig: JsonDict, out = new Map<tfl.layers.Layer, JsonDict>()) {
  out.set(model, modelConfig);
  const entries = Array.isArray(modelConfig.layers) ? modelConfig.layers : [];
  const byName = new Map<string, JsonDict>();
  for (const entry of entries) {
    if (isDict(entry) && isDict(entry.config) && typeof entry.config.name === 'string') byName.set(entry.config.name, entry.config);
  }
  for (const layer of model.layers) {
    const config = byName.get(layer.name);
    if (config === undefined) continue;
    if (layer instanceof tfl.LayersModel) configsByLayer(layer, config, out);
    else out.set(layer, config);
  }
  return out;
}

/**
 * Gives a nested model's inputs their new channel counts: the batch_input_shape of a Sequential's first
 * layer, or of a functional model's InputLayers.
 */
function resizeNestedInputs(call: NestedCall, configs: Map<tfl.layers.Layer, JsonDict>, counts: number[]): void {
  const modelConfig = configs.get(call.model);
  const entries = Array.isArray(modelConfig?.layers) ? modelConfig.layers : [];
  const holders = call.model instanceof tfl.Sequential
    ? [entries[0]]
    : call.model.inputs.map((input) => entries.find((e) => isDict(e) && isDict(e.config) && e.config.name === input.sourceLayer.name));
  holders.forEach((entry, i) => {
    const config = isDict(entry) && isDict(entry.config) ? entry.config : undefined;
    const shape = config?.batch_input_shape;
    if (config !== undefined && Array.isArray(shape)) config.batch_input_shape = [...shape.slice(0, -1), counts[i]];
  });
}

/** Pairs every layer of `original` with its namesake in `rebuilt`, nested models followed. */
export function pairLayers(original: tfl.LayersModel, rebuilt: tfl.LayersModel, out = new Map<tfl.layers.Layer, tfl.layers.Layer>()) {
  for (const layer of original.layers) {
    const twin = rebuilt.getLayer(layer.name);
    if (layer instanceof tfl.LayersModel && twin instanceof tfl.LayersModel) pairLayers(layer, twin, out);
    else out.set(layer, twin);
  }
  return out;
}

const SIZE_KEYS: Record<string, string> = { Dense: 'units', Conv1D: 'filters', Conv2D: 'filters', SeparableConv2D: 'filters' };

function resizeTopology(
  model: tfl.LayersModel, graph: CouplingGraph, kept: Map<tfl.layers.Layer, KeptIndices>, decision: ChannelDecision,
): JsonDict {
  const topology = model.toJSON(null, false);
  if (typeof topology === 'string' || !isDict(topology.config)) throw new Error('model.toJSON gave no topology');
  const configs = configsByLayer(model, topology.config);
  for (const [layer, indices] of kept) {
    const config = configs.get(layer);
    if (config === undefined) continue;
    const sizeKey = SIZE_KEYS[layer.getClassName()];
    if (sizeKey !== undefined) config[sizeKey] = indices.out.length;
    if (decision.biases.has(layer)) config.use_bias = true;
    if (layer.getClassName() === 'Reshape' && Array.isArray(config.target_shape)) {
      config.target_shape = [...config.target_shape.slice(0, -1), indices.out.length];
    }
  }
  for (const call of graph.graph.nested) {
    resizeNestedInputs(call, configs, call.inputs.map((tensor) => keptFeatures(graph, tensor, decision.removed).length));
  }
  return topology;
}

/**
 * `value`, shaped like `weight` of `layer` (the weight itself, or an optimiser's slot of it), with only the
 * kept indices on each of the weight's input-feature and output-channel axes.
 */
export function sliceLikeWeight(layer: tfl.layers.Layer, weight: tfl.LayerVariable, kept: KeptIndices, value: tf.Tensor): tf.Tensor {
  const axes = axesOf(layer, weight);
  return tf.tidy(() => {
    let sliced = value;
    axes?.axes.forEach((role, axis) => {
      if (role !== null && kept[role].length !== sliced.shape[axis]) sliced = tf.gather(sliced, kept[role], axis);
    });
    return tf.clone(sliced);
  });
}

function fillWeights(pairs: Map<tfl.layers.Layer, tfl.layers.Layer>, kept: Map<tfl.layers.Layer, KeptIndices>,
  decision: ChannelDecision): void {
  for (const [layer, twin] of pairs) {
    if (twin.weights.length === 0) continue;
    const indices = kept.get(layer);
    const values = twin.weights.map((target) => {
      const name = weightName(target);
      const folded = decision.biases.get(layer);
      if (name === 'bias' && folded !== undefined && indices !== undefined) {
        return tf.tensor1d(Float32Array.from(indices.out, (u) => folded[u]));
      }
      const source = layer.weights.find((w) => weightName(w) === name);
      if (source === undefined) throw new Error(`layer ${layer.name} has no weight ${name}`);
      return indices === undefined ? source.read().clone() : sliceLikeWeight(layer, source, indices, source.read());
    });
    twin.setWeights(values);
    tf.dispose(values);
  }
}

/**
 * Builds the compacted model and proves its outputs equal to `model`'s on the verification inputs;
 * throws CompactionMismatchError (and keeps nothing) if they are not. `model` itself is not changed.
 */
export async function compactGraph(model: tfl.LayersModel, options: GraphCompactOptions = {}): Promise<GraphCompaction> {
  const graph = couplingGraph(model);
  const decision = decideChannels(graph);
  const kept = new Map([...firstOps(graph)].map(([layer, coupled]) => [layer, keptIndices(graph, coupled, decision.removed)]));
  const rebuilt = await tfl.models.modelFromJSON({ modelTopology: resizeTopology(model, graph, kept, decision) });
  const inputs = options.verifyInputs ?? randomModelInputs(model, 64);
  try {
    fillWeights(pairLayers(model, rebuilt), kept, decision);
    const check = compareLogits(model, rebuilt, inputs);
    assertLogitsAgree(check, options.tolerance);
    return {
      model: rebuilt, graph, decision, kept,
      before: graphCost(graph), after: graphCost(graph, decision.removed), check,
    };
  } catch (error) {
    rebuilt.dispose();
    throw error;
  } finally {
    if (inputs !== options.verifyInputs) tf.dispose(inputs);
  }
}
