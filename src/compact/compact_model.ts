// Compaction: a trained LayersModel becomes a smaller model of the same built-in layers whose outputs
// equal the original's. A chain the chain covers whole (isChain: Dense, Conv2D, pooling, Flatten, Dropout,
// elementwise activations): analyse the chain (chain.ts), read the stage weights (stage_weights.ts), decide
// which units die (dead_units.ts) and which unused input border to crop (input_crop.ts, read there too, so
// the cost a run steers by counts the crop), rebuild the
// topology with fewer units (topology.ts), slice the weights into it (layer_slicers.ts), and prove equality
// (verify.ts). Any other model, BatchNorm in a Sequential included, goes to its coupling graph
// (compact_graph.ts).
// src/compact imports tfjs, src/models and src/util only.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { isChain, type Chain, type Note } from '../structure/chain.js';
import { compactGraph, graphNotes, graphStages, type GraphSlicing } from './compact_graph.js';
import { analyseDeadUnits, type DeadUnitAnalysis } from '../structure/compacted_cost.js';
import type { StageDecision } from '../structure/dead_units.js';
import type { InputCrop } from '../structure/input_crop.js';
import { sliceKernelMatrix } from '../structure/layer_slicers.js';
import type { StageWeights } from '../structure/stage_weights.js';
import { rebuildResized, type Resize } from './topology.js';
import { assertLogitsAgree, compareLogits, randomModelInputs, type LogitComparison, type ModelInputs } from './verify.js';

export interface CompactOptions {
  /** Inputs [N, ...input shape] (one per input of a model with several) to prove equality on; by default
   *  64 uniform random inputs. */
  verifyInputs?: ModelInputs;
  /** Accepted max |logit difference| relative to the logits' scale (default LOGIT_TOLERANCE). */
  tolerance?: number;
  /**
   * Also cut the unused input border with a Cropping2D before Flatten -> Dense (structure/input_crop.ts). Off by
   * default: it saves MACs, but TF.js's slice can cost more time than the smaller product saves.
   */
  cropInput?: boolean;
  /**
   * Remove every input feature no unit reads, when the first stage is a Dense layer on the (flattened)
   * input: the compacted model then takes [N, kept features] (Compaction.inputFeatures says which).
   */
  pruneInputs?: boolean;
}

export interface StageSummary {
  layer: string;
  unitsBefore: number;
  unitsAfter: number;
  inChannelsBefore: number;
  inChannelsAfter: number;
  removedNoOutgoing: number;
  removedConstant: number;
  keptNotFoldable: number;
}

export interface Compaction {
  model: tfl.LayersModel;
  stages: StageSummary[];
  /** Layers compaction left as they are, with the reason. */
  notes: Note[];
  /** [[top, bottom], [left, right]] pixels of the input cut off by a new Cropping2D layer, if any. */
  inputCrop: InputCrop['cropping'] | null;
  /** With pruneInputs, the input features the compacted model takes, in order (flattened indices); else null. */
  inputFeatures: number[] | null;
  /** The equality check on the verification inputs. */
  check: LogitComparison;
  /**
   * The original's chain, stage weights and the units kept (as sliced, input crop included); null for a
   * model the chain does not cover whole (isChain), which the coupling graph compacted (compact_graph.ts).
   */
  analysis: DeadUnitAnalysis | null;
  /** For a model the chain does not cover whole, what the coupling graph's compaction sliced by; else null. */
  graph: GraphSlicing | null;
}

function resizes(chain: Chain, decisions: StageDecision[]): Map<string, Resize> {
  return new Map(chain.stages.map((stage, i) => [stage.layer.name, {
    sizeKey: stage.slicer.sizeKey, size: decisions[i].keepOut.length, useBias: decisions[i].useBias,
  }]));
}

function slicedWeights(chain: Chain, i: number, w: StageWeights, decision: StageDecision): tf.Tensor[] {
  const { keepIn, keepOut } = decision;
  const kernel = sliceKernelMatrix(w.kernel, w.rows, w.cols, w.channels, keepIn, keepOut);
  const shape = chain.stages[i].slicer.slicedShape(w.kernelShape, w.channels, keepIn.length, keepOut.length);
  const weights = [tf.tensor(kernel, shape)];
  if (decision.useBias) weights.push(tf.tensor1d(Float32Array.from(keepOut, (u) => decision.bias[u])));
  return weights;
}

function setLayerWeights(layer: tfl.layers.Layer, weights: tf.Tensor[]): void {
  layer.setWeights(weights);
  tf.dispose(weights);
}

/** Copies the sliced stage weights, and every other layer's weights unchanged, into `compacted`. */
function fillWeights(
  original: tfl.LayersModel, compacted: tfl.LayersModel, chain: Chain,
  weights: StageWeights[], decisions: StageDecision[],
): void {
  const stageIndex = new Map(chain.stages.map((stage, i) => [stage.layer.name, i]));
  for (const layer of original.layers) {
    if (layer.weights.length === 0) continue;
    const target = compacted.getLayer(layer.name);
    const i = stageIndex.get(layer.name);
    if (i === undefined) target.setWeights(layer.getWeights());
    else setLayerWeights(target, slicedWeights(chain, i, weights[i], decisions[i]));
  }
}

function summarise(chain: Chain, weights: StageWeights[], decisions: StageDecision[]): StageSummary[] {
  return chain.stages.map((stage, i) => ({
    layer: stage.layer.name,
    unitsBefore: weights[i].cols,
    unitsAfter: decisions[i].keepOut.length,
    inChannelsBefore: weights[i].channels,
    inChannelsAfter: decisions[i].keepIn.length,
    removedNoOutgoing: decisions[i].removedNoOutgoing,
    removedConstant: decisions[i].removedConstant,
    keptNotFoldable: decisions[i].keptNotFoldable,
  }));
}

/**
 * Builds the compacted model and proves it equal to `model` on the verification inputs; throws
 * CompactionMismatchError (and keeps nothing) if it is not. `model` itself is not changed.
 */
export async function compactModel(model: tfl.LayersModel, options: CompactOptions = {}): Promise<Compaction> {
  if (!isChain(model)) return compactOnGraph(model, options);
  const inputs = options.verifyInputs ?? randomModelInputs(model, 64);
  try {
    return await compactAndCheck(model, inputs, options);
  } finally {
    if (inputs !== options.verifyInputs) tf.dispose(inputs);
  }
}

/** A model the chain does not cover whole: the coupling graph's compaction, with no input crop. */
async function compactOnGraph(model: tfl.LayersModel, options: CompactOptions): Promise<Compaction> {
  const { verifyInputs, tolerance } = options;
  const result = await compactGraph(model, { verifyInputs, tolerance });
  return {
    model: result.model, stages: graphStages(result.graph, result.decision), notes: graphNotes(result.graph),
    inputCrop: null, inputFeatures: null, check: result.check, analysis: null,
    graph: { graph: result.graph, decision: result.decision, kept: result.kept },
  };
}

async function compactAndCheck(
  model: tfl.LayersModel, inputs: ModelInputs, options: CompactOptions,
): Promise<Compaction> {
  const { pruneInputs, cropInput } = options;
  const analysis = analyseDeadUnits(model, { pruneInputs, cropInput });
  const { chain, weights, decisions, inputFeatures } = analysis;
  const crop = analysis.inputCrop ?? undefined;
  const narrowing = inputFeatures === null ? undefined : { first: chain.stages[0].layer.name, width: inputFeatures.length };
  const compacted = await rebuildResized(model, resizes(chain, decisions), crop, narrowing);
  try {
    fillWeights(model, compacted, chain, weights, decisions);
    const check = compareLogits(model, compacted, inputs, undefined, inputFeatures);
    assertLogitsAgree(check, options.tolerance);
    return {
      model: compacted, stages: summarise(chain, weights, decisions), notes: chain.notes,
      inputCrop: crop?.cropping ?? null, inputFeatures, check, analysis, graph: null,
    };
  } catch (error) {
    compacted.dispose();
    throw error;
  }
}
