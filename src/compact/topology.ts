// Rebuilds a model from its own Keras-style JSON topology with some layers resized. Going through the
// topology keeps every layer a built-in TF.js layer with its original name and settings, for Sequential
// and functional models alike, so the result loads with plain tf.loadLayersModel.
import * as tfl from '@tensorflow/tfjs-layers';
import type { InputCrop } from '../structure/input_crop.js';

type JsonDict = Extract<ReturnType<tfl.LayersModel['toJSON']>, object>;
type JsonValue = JsonDict[string];

export interface Resize {
  /** 'units' for Dense, 'filters' for Conv2D (the JSON's key). */
  sizeKey: string;
  size: number;
  useBias: boolean;
}

function isDict(value: JsonValue | undefined): value is JsonDict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The topology's layer entries ({class_name, config, ...}), in order. */
function layerEntries(topology: JsonDict): JsonValue[] {
  const modelConfig = topology.config;
  const layers = isDict(modelConfig) ? modelConfig.layers : undefined;
  if (!Array.isArray(layers)) throw new Error('model topology has no layer list');
  return layers;
}

/** The config dicts of the topology's layers, by layer name. */
function layerConfigs(topology: JsonDict): Map<string, JsonDict> {
  const configs = new Map<string, JsonDict>();
  for (const layer of layerEntries(topology)) {
    const config = isDict(layer) ? layer.config : undefined;
    if (isDict(config) && typeof config.name === 'string') configs.set(config.name, config);
  }
  return configs;
}

/**
 * Puts a Cropping2D layer right before the Flatten named in `crop`. It takes over the Flatten's input:
 * its batch_input_shape in a Sequential model, its inbound nodes in a functional one.
 */
function insertCrop(topology: JsonDict, crop: InputCrop): void {
  const layers = layerEntries(topology);
  const taken = layerConfigs(topology);
  let name = `${crop.flatten}_crop`;
  for (let k = 2; taken.has(name); k++) name = `${crop.flatten}_crop${k}`;
  const isFlatten = (entry: JsonValue) => isDict(entry) && isDict(entry.config) && entry.config.name === crop.flatten;
  const index = layers.findIndex(isFlatten);
  const flatten = layers[index];
  if (!isDict(flatten) || !isDict(flatten.config)) throw new Error(`layer ${crop.flatten} is not in the topology`);
  const config: JsonDict = { name, trainable: true, cropping: crop.cropping, data_format: 'channels_last' };
  for (const key of ['batch_input_shape', 'dtype']) {
    if (key in flatten.config) {
      config[key] = flatten.config[key];
      delete flatten.config[key];
    }
  }
  const entry: JsonDict = { class_name: 'Cropping2D', config };
  if (Array.isArray(flatten.inbound_nodes)) {
    entry.name = name;
    entry.inbound_nodes = flatten.inbound_nodes;
    flatten.inbound_nodes = [[[name, 0, 0, {}]]];
  }
  layers.splice(index, 0, entry);
}

/** The first stage of a chain that takes the kept input features alone (input_features.ts). */
export interface InputNarrowing {
  /** The Dense layer that reads the features. */
  first: string;
  /** How many features the input keeps. */
  width: number;
}

const nameOf = (entry: JsonValue): string | undefined =>
  (isDict(entry) && isDict(entry.config) && typeof entry.config.name === 'string' ? entry.config.name : undefined);

/**
 * Makes the model's input [width] flat features feeding `first` directly: a Flatten before it goes (its
 * inbound nodes pass to `first` in a functional model), and the input's shape becomes [null, width].
 */
function narrowInput(topology: JsonDict, { first, width }: InputNarrowing): void {
  const layers = layerEntries(topology);
  const index = layers.findIndex((entry) => nameOf(entry) === first);
  const dense = layers[index];
  if (!isDict(dense) || !isDict(dense.config)) throw new Error(`layer ${first} is not in the topology`);
  const before = index > 0 ? layers[index - 1] : undefined;
  if (isDict(before) && before.class_name === 'Flatten' && isDict(before.config)) {
    if (Array.isArray(before.inbound_nodes)) dense.inbound_nodes = before.inbound_nodes;
    for (const key of ['batch_input_shape', 'dtype']) if (key in before.config) dense.config[key] = before.config[key];
    layers.splice(index - 1, 1);
  }
  const shape = [null, width];
  if ('batch_input_shape' in dense.config) dense.config.batch_input_shape = shape;
  for (const entry of layers) {
    if (isDict(entry) && entry.class_name === 'InputLayer' && isDict(entry.config)) entry.config.batch_input_shape = shape;
  }
}

/** A fresh model with the same topology, resized layers, an optional input crop or narrowing, and new weights. */
export async function rebuildResized(
  model: tfl.LayersModel, resizes: Map<string, Resize>, crop?: InputCrop, narrowing?: InputNarrowing,
): Promise<tfl.LayersModel> {
  const topology = model.toJSON(null, false);
  if (typeof topology === 'string') throw new Error('model.toJSON returned a string');
  if (crop !== undefined) insertCrop(topology, crop);
  if (narrowing !== undefined) narrowInput(topology, narrowing);
  const configs = layerConfigs(topology);
  for (const [name, resize] of resizes) {
    const config = configs.get(name);
    if (config === undefined) throw new Error(`layer ${name} is missing from the model topology`);
    config[resize.sizeKey] = resize.size;
    config.use_bias = resize.useBias;
  }
  return tfl.models.modelFromJSON({ modelTopology: topology });
}
