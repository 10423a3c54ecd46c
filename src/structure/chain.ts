// Structure of a model, read by compaction, the training metrics and the masks alike: a chain-shaped
// model (one input, one output, each layer fed only by the one before it) split into weighted stages
// (Dense, Conv2D) and the links between consecutive stages.
// A link is the run of parameter-free layers between two stages; when it holds a layer compaction does
// not understand, the two stages are not linked and the units between them all stay. The model's input
// normalisation (--normalize) may come first: it is before every stage, so nothing of it is sliced, and it
// keeps the input's layout, so the first stage's rows are still the input's pixels and features.
import type * as tfl from '@tensorflow/tfjs-layers';
import { isInputNormalization } from '../models/input_normalization.js';
import { kernelWeights } from '../models/kernels.js';
import { isElementwiseActivation, passThroughProblem } from './pass_through.js';
import { slicerFor, type LayerSlicer } from './layer_slicers.js';

export interface Stage {
  layer: tfl.layers.Layer;
  slicer: LayerSlicer;
}

export interface Note {
  layer: string;
  reason: string;
}

export interface Chain {
  /** Every layer in order, InputLayers left out. */
  layers: tfl.layers.Layer[];
  stages: Stage[];
  /** links[i] holds the layers between stages[i] and stages[i + 1], or is undefined when they are not linked. */
  links: (tfl.layers.Layer[] | undefined)[];
  /** Layers left as they are, with the reason. */
  notes: Note[];
}

function isInputLayer(layer: tfl.layers.Layer): boolean {
  return layer.getClassName() === 'InputLayer';
}

/** The model's layers in order, or the reason the model is not a simple chain. */
export function chainOrder(model: tfl.LayersModel): tfl.layers.Layer[] | string {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return 'the model has several inputs or outputs';
  const layers = model.layers.filter((layer) => !isInputLayer(layer));
  let previous: tfl.layers.Layer = model.inputs[0].sourceLayer;
  for (const layer of layers) {
    if (layer.inboundNodes.length !== 1) return `layer ${layer.name} is used more than once`;
    const inbound = layer.inboundNodes[0].inboundLayers;
    if (inbound.length !== 1 || inbound[0] !== previous) return `layer ${layer.name} is not fed by the layer before it`;
    previous = layer;
  }
  if (model.outputs[0].sourceLayer !== previous) return 'the model output is not its last layer';
  return layers;
}

/** Why a Dense or Conv2D layer cannot be sliced, or undefined when it can. */
export function stageProblem(layer: tfl.layers.Layer): string | undefined {
  const format = layer.getConfig().dataFormat;
  return format === undefined || format === 'channelsLast' ? undefined : `data format ${String(format)} is not NHWC`;
}

/** Why a stage's output units must all stay (a unit-mixing activation), or undefined. */
function fixedOutputs(layer: tfl.layers.Layer): string | undefined {
  const activation = layer.getConfig().activation;
  return isElementwiseActivation(activation) ? undefined : `activation ${String(activation)} mixes units`;
}

export function analyseChain(model: tfl.LayersModel): Chain {
  const order = chainOrder(model);
  if (typeof order === 'string') {
    return { layers: model.layers, stages: [], links: [], notes: [{ layer: model.name, reason: order }] };
  }
  const chain: Chain = { layers: order, stages: [], links: [], notes: [] };
  let between: tfl.layers.Layer[] | undefined = [];
  // A unit-mixing activation only matters if another stage follows, so its note waits until then.
  let pending: Note | undefined;
  for (const layer of order) {
    if (chain.stages.length === 0 && isInputNormalization(layer)) continue;
    const slicer = slicerFor(layer.getClassName());
    const problem = slicer === undefined ? passThroughProblem(layer) : stageProblem(layer);
    if (problem !== undefined) {
      chain.notes.push({ layer: layer.name, reason: `${problem}; kept as is, with every unit around it` });
      between = undefined;
    } else if (slicer !== undefined) {
      if (chain.stages.length > 0) chain.links.push(between);
      if (pending !== undefined) chain.notes.push(pending);
      chain.stages.push({ layer, slicer });
      const fixed = fixedOutputs(layer);
      pending = fixed === undefined ? undefined : { layer: layer.name, reason: `${fixed}; all its units kept` };
      between = fixed === undefined ? [] : undefined;
    } else {
      between?.push(layer);
    }
  }
  return chain;
}

const problems = new WeakMap<tfl.LayersModel, Note | null>();

/**
 * Why the chain does not cover `model` whole, or undefined when it does: the model is not a chain, a
 * layer of it is kept with a note (one no link follows, a unit-mixing activation), or a kernel layer is
 * not a stage (a depthwise convolution). Such a model is read through its coupling graph instead, by
 * compaction, its cost and the cost target alike. Read once per model: it depends on the layers alone.
 */
export function chainProblem(model: tfl.LayersModel): Note | undefined {
  let problem = problems.get(model);
  if (problem === undefined) {
    problem = findChainProblem(model) ?? null;
    problems.set(model, problem);
  }
  return problem ?? undefined;
}

function findChainProblem(model: tfl.LayersModel): Note | undefined {
  const order = chainOrder(model);
  if (typeof order === 'string') return { layer: model.name, reason: `the model is not a chain: ${order}` };
  const chain = analyseChain(model);
  if (chain.notes.length > 0) return chain.notes[0];
  const stages = new Set(chain.stages.map((stage) => stage.layer));
  const layer = kernelWeights(model).map((kernel) => kernel.layer)
    .find((candidate) => !stages.has(candidate) && !isInputNormalization(candidate));
  return layer === undefined ? undefined : { layer: layer.name, reason: `layer ${layer.name} is not a stage of the chain` };
}

/** Whether the chain covers `model` whole (chainProblem), so that its stages are what compaction reads. */
export const isChain = (model: tfl.LayersModel): boolean => chainProblem(model) === undefined;
