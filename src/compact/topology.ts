// Rebuilds a model from its own Keras-style JSON topology with some layers resized. Going through the
// topology keeps every layer a built-in TF.js layer with its original name and settings, for Sequential
// and functional models alike, so the result loads with plain tf.loadLayersModel.
import * as tfl from '@tensorflow/tfjs-layers';

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

/** The config dicts of the topology's layers, by layer name. */
function layerConfigs(topology: JsonDict): Map<string, JsonDict> {
  const modelConfig = topology.config;
  const layers = isDict(modelConfig) ? modelConfig.layers : undefined;
  if (!Array.isArray(layers)) throw new Error('model topology has no layer list');
  const configs = new Map<string, JsonDict>();
  for (const layer of layers) {
    const config = isDict(layer) ? layer.config : undefined;
    if (isDict(config) && typeof config.name === 'string') configs.set(config.name, config);
  }
  return configs;
}

/** A fresh model with the same topology, resized layers, and freshly initialised weights. */
export async function rebuildResized(model: tfl.LayersModel, resizes: Map<string, Resize>): Promise<tfl.LayersModel> {
  const topology = model.toJSON(null, false);
  if (typeof topology === 'string') throw new Error('model.toJSON returned a string');
  const configs = layerConfigs(topology);
  for (const [name, resize] of resizes) {
    const config = configs.get(name);
    if (config === undefined) throw new Error(`layer ${name} is missing from the model topology`);
    config[resize.sizeKey] = resize.size;
    config.use_bias = resize.useBias;
  }
  return tfl.models.modelFromJSON({ modelTopology: topology });
}
