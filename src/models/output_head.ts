// A model's output head: the softmax or sigmoid its last layer applies, as a Keras classifier ends. Training
// takes the loss on the output before it (losses.ts: a cross-entropy applies its own softmax or sigmoid, and
// one of probabilities would saturate), so the run trains a copy of the model without the head, and the
// model it saves gets the head back: the user's output as they had it. A head is either the last layer's
// own activation (Dense(..., activation: 'softmax')), set to linear and back, or a Softmax or Activation
// layer of its own at the end, removed and appended again. Neither holds a weight, so the weights of the
// two models are the same list.
import * as tfl from '@tensorflow/tfjs-layers';
import { CgesError } from '../util/errors.js';

type JsonDict = Extract<ReturnType<tfl.LayersModel['toJSON']>, object>;
type JsonValue = JsonDict[string];

export type OutputActivation = 'softmax' | 'sigmoid';

export interface OutputHead {
  activation: OutputActivation;
  /** The layer that applies it. */
  layer: string;
  /** `own`: that layer's own activation; `layer`: a layer of its own, whose topology entry this is. */
  form: 'own' | 'layer';
  entry: JsonDict;
}

function isDict(value: JsonValue | undefined): value is JsonDict {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function topology(model: tfl.LayersModel): JsonDict {
  const json = model.toJSON(null, false);
  if (!isDict(json)) throw new Error('cges: model.toJSON returned a string');
  return json;
}

/** The model's layer entries, and the index of the one whose output is the model's. */
function outputEntry(json: JsonDict): { entries: JsonDict[]; index: number } | null {
  const config = json.config;
  if (!isDict(config) || !Array.isArray(config.layers)) return null;
  const entries = config.layers.filter(isDict);
  if (json.class_name === 'Sequential') return { entries, index: entries.length - 1 };
  const outputs = config.output_layers;
  if (!Array.isArray(outputs) || outputs.length !== 1 || !Array.isArray(outputs[0])) return null;
  const name = outputs[0][0];
  const index = entries.findIndex((entry) => entry.name === name);
  return index < 0 ? null : { entries, index };
}

function layerConfig(entry: JsonDict): JsonDict {
  return isDict(entry.config) ? entry.config : {};
}

/** The activation a layer entry applies as a head, if it is softmax (over the last axis) or sigmoid. */
function headOf(entry: JsonDict): Omit<OutputHead, 'entry' | 'layer'> | null {
  const config = layerConfig(entry);
  if (entry.class_name === 'Softmax') {
    return config.axis === -1 || config.axis === 1 || config.axis === undefined ? { activation: 'softmax', form: 'layer' } : null;
  }
  const activation = config.activation;
  if (activation !== 'softmax' && activation !== 'sigmoid') return null;
  return { activation, form: entry.class_name === 'Activation' ? 'layer' : 'own' };
}

/** The softmax or sigmoid a single-output model's last layer applies; null for any other output. */
export function outputHead(model: tfl.LayersModel): OutputHead | null {
  const found = outputEntry(topology(model));
  if (found === null) return null;
  const entry = found.entries[found.index];
  const head = headOf(entry);
  const layer = layerConfig(entry).name;
  if (head === null || typeof layer !== 'string') return null;
  return { ...head, layer, entry: JSON.parse(JSON.stringify(entry)) as JsonDict };
}

async function rebuilt(model: tfl.LayersModel, json: JsonDict): Promise<tfl.LayersModel> {
  const copy = await tfl.models.modelFromJSON({ modelTopology: json });
  copy.setWeights(model.getWeights());
  return copy;
}

interface EditableTopology {
  json: JsonDict;
  /** The model's config, whose layer list and outputs an edit replaces. */
  config: JsonDict;
  entries: JsonDict[];
  /** The index in `entries` of the output layer. */
  index: number;
}

/** The model's topology, to edit and rebuild; fails unless the model has one output layer. */
function editableTopology(model: tfl.LayersModel, head: OutputHead): EditableTopology {
  const json = topology(model);
  const found = outputEntry(json);
  const config = json.config;
  if (found === null || !isDict(config)) {
    throw new CgesError(`model ${model.name} has no single output layer for its ${head.activation}`);
  }
  return { json, config, ...found };
}

/** A copy of `model` (weights included) that outputs what goes into `head`. */
export async function withoutHead(model: tfl.LayersModel, head: OutputHead): Promise<tfl.LayersModel> {
  const { json, config, entries, index } = editableTopology(model, head);
  const entry = entries[index];
  if (head.form === 'own') {
    layerConfig(entry).activation = 'linear';
  } else {
    if (index === 0) throw new CgesError(`model ${model.name} is only its ${head.activation}`);
    config.layers = entries.filter((_, i) => i !== index);
    if (json.class_name !== 'Sequential') {
      // The output becomes the head's input: inbound_nodes [[[layer, node, tensor, kwargs]]].
      const inbound = entry.inbound_nodes;
      const node = Array.isArray(inbound) && inbound.length === 1 ? inbound[0] : undefined;
      const first = Array.isArray(node) && node.length === 1 ? node[0] : undefined;
      if (!Array.isArray(first)) {
        throw new CgesError(`the ${head.activation} layer ${head.layer} of model ${model.name} does not read one tensor`);
      }
      config.output_layers = [first.slice(0, 3)];
    }
  }
  return rebuilt(model, json);
}

/** A copy of `logits` (a model withoutHead made, maybe compacted since) with `head` applied again. */
export async function withHead(logits: tfl.LayersModel, head: OutputHead): Promise<tfl.LayersModel> {
  const { json, config, entries, index } = editableTopology(logits, head);
  if (head.form === 'own') {
    layerConfig(entries[index]).activation = head.activation;
  } else {
    config.layers = [...entries, head.entry];
    if (json.class_name !== 'Sequential') config.output_layers = [[head.layer, 0, 0]];
  }
  return rebuilt(logits, json);
}
