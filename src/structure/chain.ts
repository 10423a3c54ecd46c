// Structure of a model, read by compaction, the training metrics and the masks alike: a chain-shaped
// model (one input, one output, each layer fed only by the one before it) split into weighted stages
// (Dense, Conv2D) and the links between consecutive stages.
// A link is the run of parameter-free layers between two stages; when it holds a layer compaction does
// not understand, the two stages are not linked and the units between them all stay.
// The chain rules serve only the models they cover whole (chainCovers): a chain with a layer they cannot
// look through (BatchNormalization, a depthwise convolution, padding, ...) is the coupling graph's, which
// follows channels through it instead of keeping every unit around it.
import type * as tfl from '@tensorflow/tfjs-layers';
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

/** Why the chain rules cannot slice (a stage) or look through (any other layer) `layer`, or undefined. */
function layerProblem(layer: tfl.layers.Layer): string | undefined {
  return slicerFor(layer.getClassName()) === undefined ? passThroughProblem(layer) : stageProblem(layer);
}

/**
 * Whether the chain rules cover the model whole: a chain each of whose layers is a stage or a layer they
 * look through. Compaction, its cost and the cost target read such a model by its chain and any other by
 * its coupling graph.
 */
export function chainCovers(model: tfl.LayersModel): boolean {
  const order = chainOrder(model);
  return typeof order !== 'string' && order.every((layer) => layerProblem(layer) === undefined);
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
    const slicer = slicerFor(layer.getClassName());
    const problem = layerProblem(layer);
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
