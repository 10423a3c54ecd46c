// `cges train --model PATH`: training starts from a user's own TF.js layers model (its folder or its
// model.json, e.g. from tensorflowjs_converter) and its weights. The loss is --loss, else the one the
// model was compiled with (recorded in its model.json, as TF.js and the converter of a Keras model write
// it), else softmax cross-entropy. A softmax or sigmoid head that the loss applies itself is taken off for training and put
// back on the model the run saves (src/models/output_head.ts).
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type * as tfl from '@tensorflow/tfjs-layers';
import { loadModel, MODEL_JSON, modelJsonPath, readModelJson } from '../models/model_io.js';
import { modelDir } from './run_settings.js';
import { outputHead, withoutHead, type OutputHead } from '../models/output_head.js';
import { isModelName, MODEL_NAMES } from '../models/registry.js';
import { LOSS_ACTIVATION, LOSS_NAMES, type LossName } from '../train/losses.js';
import { CgesError } from '../util/errors.js';

/** --model's value: a built-in name as given, or the absolute path of a model's folder or model.json. */
export function resolveModelFlag(raw: string): string {
  if (isModelName(raw)) return raw;
  if (existsSync(raw)) return resolve(raw);
  throw new CgesError(`--model must be one of ${MODEL_NAMES.join(', ')}, or a TF.js model's folder or model.json; ` +
    `"${raw}" is neither`);
}

/**
 * --teacher's value as the absolute path of a TF.js model: its folder or model.json, or a finished run's
 * folder (its model/).
 */
export function resolveTeacherFlag(raw: string): string {
  const path = resolve(raw);
  const folder = modelDir(path);
  if (existsSync(join(folder, MODEL_JSON)) || (path.endsWith('.json') && existsSync(path))) return folder;
  throw new CgesError(`--teacher ${raw}: no TF.js model there (a model's folder or model.json, or a finished run's folder)`);
}

/** A short name for a run's model: a built-in one's name, or the folder a user's model is in. */
export function modelLabel(model: string): string {
  if (isModelName(model)) return model;
  return basename(model.endsWith('.json') ? dirname(model) : model);
}

/** Keras's loss names (string and class forms) as the losses cges trains with. */
const KERAS_LOSSES: Record<string, LossName> = {
  categorical_crossentropy: 'softmax-ce', sparse_categorical_crossentropy: 'softmax-ce',
  CategoricalCrossentropy: 'softmax-ce', SparseCategoricalCrossentropy: 'softmax-ce',
  binary_crossentropy: 'sigmoid-ce', BinaryCrossentropy: 'sigmoid-ce',
  mean_squared_error: 'mse', mse: 'mse', MeanSquaredError: 'mse',
  // TF.js's own names, as model.compile takes them.
  categoricalCrossentropy: 'softmax-ce', sparseCategoricalCrossentropy: 'softmax-ce',
  binaryCrossentropy: 'sigmoid-ce', meanSquaredError: 'mse',
};

/** The recorded training config's loss: TF.js saves it as trainingConfig, the converter of a Keras model
 *  inside the topology as training_config. */
function recordedLoss(json: ReturnType<typeof readModelJson>): unknown {
  const topology: unknown = json.modelTopology;
  const keras = typeof topology === 'object' && topology !== null && 'training_config' in topology
    ? topology.training_config : undefined;
  const kerasLoss = typeof keras === 'object' && keras !== null && 'loss' in keras ? keras.loss : undefined;
  return json.trainingConfig?.loss ?? kerasLoss;
}

/** The loss `path`'s model was compiled with, as a cges loss; null when it records none. */
export function compiledLoss(path: string): LossName | null {
  const jsonPath = modelJsonPath(path);
  const loss = recordedLoss(readModelJson(jsonPath));
  if (loss === undefined || loss === null) return null;
  const name = typeof loss === 'string' ? loss
    : typeof loss === 'object' && 'class_name' in loss && typeof loss.class_name === 'string' ? loss.class_name
      : JSON.stringify(loss);
  const mapped = KERAS_LOSSES[name];
  if (mapped === undefined) {
    throw new CgesError(`${jsonPath} was compiled with the loss ${name}, which cges cannot train; give --loss ` +
      `${LOSS_NAMES.join(' | ')}`);
  }
  return mapped;
}

/** The model a run trains, and the head it took off (null: the model trains as it is). */
export interface TrainingModel {
  model: tfl.LayersModel;
  head: OutputHead | null;
}

/**
 * The model at `path` as `loss` trains it: without the softmax (sigmoid) a softmax-ce (sigmoid-ce) loss
 * applies itself; mse trains the output as it is. A head of the other cross-entropy is refused.
 */
export async function loadTrainingModel(path: string, loss: LossName): Promise<TrainingModel> {
  const model = await loadModel(path);
  const head = outputHead(model);
  const lossActivation = LOSS_ACTIVATION[loss];
  if (head === null || lossActivation === null) return { model, head: null };
  if (head.activation !== lossActivation) {
    model.dispose();
    throw new CgesError(`model ${path} ends in a ${head.activation} (layer ${head.layer}), which --loss ${loss} ` +
      `cannot train on; give --loss ${head.activation === 'softmax' ? 'softmax-ce' : 'sigmoid-ce'} or mse`);
  }
  try {
    return { model: await withoutHead(model, head), head };
  } finally {
    model.dispose();
  }
}

/** The teacher at `path` (resolveTeacherFlag's), as distillation reads it: logits, a softmax head taken off. */
export async function loadTeacher(path: string): Promise<tfl.LayersModel> {
  const model = await loadModel(path);
  const head = outputHead(model);
  if (head === null) return model;
  try {
    if (head.activation !== 'softmax') {
      throw new CgesError(`teacher ${path} ends in a ${head.activation} (layer ${head.layer}): distillation needs a ` +
        'softmax classifier\'s logits');
    }
    return await withoutHead(model, head);
  } finally {
    model.dispose();
  }
}
