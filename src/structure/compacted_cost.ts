// What compaction would produce from a model's current weights, without building it: the dead-unit
// decisions (dead_units.ts, the same rules compaction applies) turned into the compacted network's
// multiply-accumulates and parameters per example. Each stage keeps `keepIn` of its input channels and
// `keepOut` of its units; its kernel takes the slicer's sliced shape and its weights are applied at the
// same output positions as before (compaction never changes a spatial size). Layers outside the stages
// keep their parameters. Training logs this at every test step and the cost-target controller steers by it.
import type * as tfl from '@tensorflow/tfjs-layers';
import { countMacs, countParams, outputPositions } from '../models/macs.js';
import { analyseChain, isChain, type Chain } from './chain.js';
import { graphCompactedCost } from './graph_compacted_cost.js';
import { decideUnits, type StageDecision } from './dead_units.js';
import { findInputCrop, type InputCrop } from './input_crop.js';
import { inputFeatureLayer, readFeatures } from './input_features.js';
import { readStageWeights, type StageWeights } from './stage_weights.js';

/** A model's chain, stage weights and the units compaction would keep, read from its current weights. */
export interface DeadUnitAnalysis {
  chain: Chain;
  weights: StageWeights[];
  decisions: StageDecision[];
  /** With pruneInputs, the input features the first stage keeps (its decision's keepIn); else null. */
  inputFeatures: number[] | null;
  /** With cropInput, the crop of the input's unread border (its keepRows are the first stage's keepIn); else null. */
  inputCrop: InputCrop | null;
}

export interface InputOptions {
  /** Input features no unit reads go from the model's input (input_features.ts). */
  pruneInputs?: boolean;
  /**
   * The image's border no unit reads is cropped (input_crop.ts), when it goes Flatten -> first Dense. With
   * pruneInputs it is not needed: selecting the features cuts every unread one, the border included.
   */
  cropInput?: boolean;
}

export function analyseDeadUnits(
  model: tfl.LayersModel, { pruneInputs = false, cropInput = false }: InputOptions = {},
): DeadUnitAnalysis {
  const chain = analyseChain(model);
  const weights = readStageWeights(chain);
  const decisions = decideUnits(chain, weights);
  if (pruneInputs && inputFeatureLayer(chain) !== undefined) {
    const inputFeatures = readFeatures(weights[0], decisions[0].keepOut);
    decisions[0] = { ...decisions[0], keepIn: inputFeatures };
    return { chain, weights, decisions, inputFeatures, inputCrop: null };
  }
  const inputCrop = cropInput ? findInputCrop(chain, weights, decisions) ?? null : null;
  if (inputCrop !== null) decisions[0] = { ...decisions[0], keepIn: inputCrop.keepRows };
  return { chain, weights, decisions, inputFeatures: null, inputCrop };
}

export interface StageCost {
  layer: string;
  unitsBefore: number;
  unitsAfter: number;
  macsAfter: number;
  paramsAfter: number;
}

export interface CompactedCost {
  /** MACs per example of the network compaction would produce. */
  macs: number;
  params: number;
  /** MACs and parameters of the model as it is (every weight counted). */
  denseMacs: number;
  denseParams: number;
  /** macs / denseMacs and params / denseParams. */
  macsFraction: number;
  paramsFraction: number;
  stages: StageCost[];
}

const product = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

/** The compacted network's cost from an analysis (which compaction itself also starts from). */
export function costOfDecisions(model: tfl.LayersModel, analysis: DeadUnitAnalysis): CompactedCost {
  const { chain, weights, decisions } = analysis;
  const dense = countMacs(model);
  const denseMacs = dense.total;
  const params = countParams(model);
  const stageNames = new Set(chain.stages.map((stage) => stage.layer.name));
  const stages = chain.stages.map((stage, i): StageCost => {
    const w = weights[i];
    const { keepIn, keepOut, useBias } = decisions[i];
    const kernel = product(stage.slicer.slicedShape(w.kernelShape, w.channels, keepIn.length, keepOut.length));
    return {
      layer: stage.layer.name,
      unitsBefore: w.cols,
      unitsAfter: keepOut.length,
      macsAfter: kernel * outputPositions(stage.layer),
      paramsAfter: kernel + (useBias ? keepOut.length : 0),
    };
  });
  const otherParams = params.layers.filter((layer) => !stageNames.has(layer.name))
    .reduce((sum, layer) => sum + layer.params, 0);
  // The input's normalisation, the one kernel outside the stages, stays whole.
  const otherMacs = dense.layers.filter((layer) => !stageNames.has(layer.name)).reduce((sum, layer) => sum + layer.macs, 0);
  const macs = otherMacs + stages.reduce((sum, stage) => sum + stage.macsAfter, 0);
  const compactedParams = otherParams + stages.reduce((sum, stage) => sum + stage.paramsAfter, 0);
  return {
    macs,
    params: compactedParams,
    denseMacs,
    denseParams: params.total,
    macsFraction: denseMacs === 0 ? 1 : macs / denseMacs,
    paramsFraction: params.total === 0 ? 1 : compactedParams / params.total,
    stages,
  };
}

/**
 * The cost of the network compaction would produce from `model`'s current weights: a chain's through
 * its stages, any other model's through its coupling graph, as compactModel compacts each.
 */
export function compactedCost(model: tfl.LayersModel, options: InputOptions = {}): CompactedCost {
  if (!isChain(model)) return graphCompactedCost(model);
  return costOfDecisions(model, analyseDeadUnits(model, options));
}
