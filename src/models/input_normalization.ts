// Input normalisation kept in the model itself: a leading 1x1 DepthwiseConv2D, frozen, whose kernel holds
// 1/std and whose bias holds -mean/std per channel, so x -> (x - mean) / std. Being a built-in layer, it
// is saved with the model, so `cges eval`, `cges compact` and a plain tf.loadLayersModel all compute the
// same thing. Frozen, it is never regularised or trained; compaction keeps it as it is (its channels are
// the model input's, which nothing removes), and the coupling graph reads it as channel c -> channel c.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { CgesError } from '../util/errors.js';

export const NORMALIZATION_LAYER = 'input_normalization';

/** Per-channel statistics of the training inputs (src/data/channel_statistics.ts computes them). */
export interface InputStatistics {
  mean: number[];
  std: number[];
}

type JsonDict = Extract<ReturnType<tfl.LayersModel['toJSON']>, object>;
type JsonValue = JsonDict[string];

function isDict(value: JsonValue | undefined): value is JsonDict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function dictAt(parent: JsonDict, key: string): JsonDict {
  const value = parent[key];
  if (!isDict(value)) throw new Error(`model topology: ${key} is not an object`);
  return value;
}

/**
 * Whether `layer` is the normalisation withInputNormalization puts first: frozen, 1x1, per channel, so pixel
 * p of channel c goes to pixel p of channel c, and what reads its output reads the input's layout.
 */
export function isInputNormalization(layer: tfl.layers.Layer): boolean {
  const { kernelSize } = layer.getConfig();
  const oneByOne = Array.isArray(kernelSize) ? kernelSize.every((k) => k === 1) : kernelSize === 1;
  return layer.name === NORMALIZATION_LAYER && layer.getClassName() === 'DepthwiseConv2D' && !layer.trainable && oneByOne;
}

export function hasInputNormalization(model: tfl.LayersModel): boolean {
  return model.layers.some((layer) => layer.name === NORMALIZATION_LAYER);
}

/** The normalisation layer's topology entry, for images of `shape` ([H, W, C]). */
function normalizationEntry(shape: number[]): JsonDict {
  const layer = tfl.layers.depthwiseConv2d({
    name: NORMALIZATION_LAYER, inputShape: shape, kernelSize: 1, useBias: true, trainable: false,
  });
  const topology = tfl.sequential({ layers: [layer] }).toJSON(null, false);
  if (typeof topology === 'string') throw new Error('model.toJSON returned a string');
  const [entry] = dictAt(topology, 'config').layers as JsonValue[];
  if (!isDict(entry)) throw new Error('the normalisation layer has no topology entry');
  return entry;
}

/** Puts `entry` right after the input of a Sequential topology, taking over its input shape if it held it. */
function insertSequential(layers: JsonValue[], entry: JsonDict): void {
  const first = layers[0];
  if (isDict(first) && first.class_name === 'InputLayer') {
    delete dictAt(entry, 'config').batch_input_shape;
    layers.splice(1, 0, entry);
    return;
  }
  if (isDict(first) && isDict(first.config)) delete first.config.batch_input_shape;
  layers.splice(0, 0, entry);
}

/** Puts `entry` between a functional model's one input and every layer that read it. */
function insertFunctional(config: JsonDict, entry: JsonDict): void {
  const layers = config.layers as JsonValue[];
  const inputs = config.input_layers as JsonValue[];
  const input = Array.isArray(inputs) && Array.isArray(inputs[0]) ? inputs[0][0] : undefined;
  if (typeof input !== 'string') throw new CgesError('input normalisation needs a model with one input');
  // A node is a list of [layer name, node index, tensor index, kwargs] references to its inputs.
  const rewire = (ref: JsonValue) => (Array.isArray(ref) && ref[0] === input ? [NORMALIZATION_LAYER, ...ref.slice(1)] : ref);
  for (const layer of layers) {
    if (isDict(layer) && Array.isArray(layer.inbound_nodes)) {
      layer.inbound_nodes = layer.inbound_nodes.map((node) => (Array.isArray(node) ? node.map(rewire) : node));
    }
  }
  delete dictAt(entry, 'config').batch_input_shape;
  entry.name = NORMALIZATION_LAYER;
  entry.inbound_nodes = [[[input, 0, 0, {}]]];
  const at = layers.findIndex((layer) => isDict(layer) && layer.name === input);
  layers.splice(at + 1, 0, entry);
}

/**
 * A copy of `model` whose first layer maps each input channel c to (x - mean[c]) / std[c]; the model's
 * own layers keep their names and weights. A channel of std 0 (constant in the training data) is only
 * shifted: dividing by 0 would make every value infinite.
 */
export async function withInputNormalization(model: tfl.LayersModel, statistics: InputStatistics): Promise<tfl.LayersModel> {
  if (hasInputNormalization(model)) throw new CgesError(`model "${model.name}" already normalises its input`);
  const [, ...shape] = model.inputs[0].shape;
  const channels = shape[shape.length - 1];
  if (model.inputs.length !== 1 || shape.length !== 3 || shape.some((d) => typeof d !== 'number')) {
    throw new CgesError(`input normalisation needs a model with one [height, width, channels] input; "${model.name}" takes [${shape.join(', ')}]`);
  }
  if (statistics.mean.length !== channels || statistics.std.length !== channels) {
    throw new CgesError(`input statistics hold ${statistics.mean.length} channels; model "${model.name}" takes ${String(channels)}`);
  }
  const topology = model.toJSON(null, false);
  if (typeof topology === 'string') throw new Error('model.toJSON returned a string');
  const entry = normalizationEntry(shape.map(Number));
  const config = dictAt(topology, 'config');
  if (topology.class_name === 'Sequential') insertSequential(config.layers as JsonValue[], entry);
  else insertFunctional(config, entry);
  const normalized = await tfl.models.modelFromJSON({ modelTopology: topology });
  for (const layer of model.layers) {
    const weights = layer.getWeights();
    if (weights.length > 0) normalized.getLayer(layer.name).setWeights(weights);
  }
  const scale = statistics.std.map((s) => (s > 0 ? 1 / s : 1));
  tf.tidy(() => normalized.getLayer(NORMALIZATION_LAYER).setWeights([
    tf.tensor4d(scale, [1, 1, scale.length, 1]),
    tf.tensor1d(statistics.mean.map((m, c) => -m * scale[c])),
  ]));
  return normalized;
}
