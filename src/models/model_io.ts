// Saving and loading a LayersModel in the TF.js layers format, on the local file system:
//   DIR/model.json   topology + weights manifest (paths relative to DIR)
//   DIR/weights.bin  every weight, concatenated in manifest order
// TF.js has no file:// handler without tfjs-node, so both directions go through custom IO handlers.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { CgesError } from '../util/errors.js';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

const BYTES_PER_ELEMENT: Record<string, number> = {
  float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, complex64: 8,
};

function toArrayBuffer(data: tf.io.WeightData): ArrayBuffer {
  return tf.io.CompositeArrayBuffer.join(data);
}

export async function saveModel(model: tfl.LayersModel, dir: string): Promise<void> {
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    if (artifacts.modelTopology === undefined || artifacts.weightSpecs === undefined) {
      throw new Error('cges: TF.js gave no topology or weights to save');
    }
    const json: tf.io.ModelJSON = {
      modelTopology: artifacts.modelTopology,
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy,
      weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs }],
    };
    if (artifacts.trainingConfig !== undefined) json.trainingConfig = artifacts.trainingConfig;
    if (artifacts.userDefinedMetadata !== undefined) json.userDefinedMetadata = artifacts.userDefinedMetadata;
    mkdirSync(dir, { recursive: true });
    const weights = artifacts.weightData === undefined ? new ArrayBuffer(0) : toArrayBuffer(artifacts.weightData);
    writeFileSync(join(dir, WEIGHTS_BIN), new Uint8Array(weights));
    writeFileSync(join(dir, MODEL_JSON), JSON.stringify(json));
    return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
  }));
}

/** The model.json of a model given by its folder or its model.json; fails if neither exists. */
export function modelJsonPath(path: string): string {
  const isJsonFile = path.endsWith('.json') && existsSync(path) && statSync(path).isFile();
  const dir = isJsonFile ? dirname(path) : path;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CgesError(`model directory ${dir} does not exist`);
  return isJsonFile ? path : join(dir, MODEL_JSON);
}

/** A TF.js layers model.json, checked for its two required parts. */
export function readModelJson(path: string): tf.io.ModelJSON {
  if (!existsSync(path)) throw new CgesError(`${path} is missing`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new CgesError(`${path} is not valid JSON`);
  }
  const valid = typeof parsed === 'object' && parsed !== null &&
    'modelTopology' in parsed && typeof parsed.modelTopology === 'object' &&
    'weightsManifest' in parsed && Array.isArray(parsed.weightsManifest);
  if (!valid) throw new CgesError(`${path} is not a TF.js layers model (no modelTopology or weightsManifest)`);
  return parsed as tf.io.ModelJSON;
}

function specBytes(spec: tf.io.WeightsManifestEntry): number {
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  const bytes = BYTES_PER_ELEMENT[dtype];
  if (bytes === undefined) throw new CgesError(`weight ${spec.name} has an unsupported dtype ${dtype}`);
  return spec.shape.reduce((product, dim) => product * dim, 1) * bytes;
}

/** Reads every weights file of one manifest group, checking its size against the specs. */
function readWeightGroup(dir: string, group: tf.io.WeightsManifestConfig[number]): ArrayBuffer[] {
  const expected = group.weights.reduce((sum, spec) => sum + specBytes(spec), 0);
  const buffers = group.paths.map((relative) => {
    // Only files inside DIR: a manifest must not reach elsewhere on the disk.
    const path = join(dir, basename(relative));
    if (!existsSync(path)) throw new CgesError(`${path} is missing`);
    const bytes = readFileSync(path);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  });
  const actual = buffers.reduce((sum, buffer) => sum + buffer.byteLength, 0);
  if (actual !== expected) {
    const files = group.paths.map((relative) => join(dir, basename(relative))).join(', ');
    throw new CgesError(`${files} holds ${actual} bytes but ${join(dir, MODEL_JSON)} expects ${expected}`);
  }
  return buffers;
}

/**
 * Loads a TF.js layers model from its folder or its model.json (as tensorflowjs_converter writes it:
 * any number of weight shards, quantised weights included, which TF.js dequantises to float32).
 */
export async function loadModel(path: string): Promise<tfl.LayersModel> {
  const jsonPath = modelJsonPath(path);
  const dir = dirname(jsonPath);
  // Without its training config: TF.js would compile the model from it (an optimiser config it may not
  // know included), and cges trains with its own optimiser and loss (cli/user_model.ts reads the loss).
  const { trainingConfig: _unused, ...json } = readModelJson(jsonPath);
  const handler: tf.io.IOHandler = {
    load: () => tf.io.getModelArtifactsForJSON(json, async (manifest) => {
      const specs = manifest.flatMap((group) => group.weights);
      const buffers = manifest.flatMap((group) => readWeightGroup(dir, group));
      return [specs, tf.io.CompositeArrayBuffer.join(buffers)];
    }),
  };
  try {
    return await tfl.loadLayersModel(handler);
  } catch (error) {
    if (error instanceof CgesError) throw error;
    throw new CgesError(`${jsonPath} cannot be loaded: ${(error as Error).message.split('\n')[0]}`);
  }
}
