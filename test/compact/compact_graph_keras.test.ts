// compactGraph on a model as tensorflowjs_converter writes a Keras MobileNetV2-style network: model.json
// with Keras class names and snake_case configs (BatchNormalization's axis as a list, ReLU with
// max_value 6, ZeroPadding2D, DepthwiseConv2D, Add, a Dense softmax head), a weights manifest naming
// each weight layer/weight, one shard, and one kernel quantised to uint8. It is loaded from its files by
// plain tfl.loadLayersModel, compacted with equal outputs, and the result, saved to files, loads the
// same way and gives the same outputs.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { saveModel } from '../../src/models/model_io.js';
import { seededValues, zeroIndexAlong } from '../structure/fixtures.js';
import { compactEqual, maxOutputDiffs, seededModelInputs } from './compact_fixtures.js';

type Config = Record<string, unknown>;

interface KerasLayer {
  className: string;
  name: string;
  config: Config;
  inbound: string[];
  /** Weight name within the layer and shape, in Keras's order. */
  weights: [string, number[]][];
}

const initializer = (className: string) => ({ class_name: className, config: className === 'GlorotUniform' ? { seed: null } : {} });
const base = (name: string) => ({ name, trainable: true, dtype: 'float32' });

function conv(name: string, input: string, inChannels: number, filters: number, kernel: number, strides = 1, padding = 'valid'): KerasLayer {
  return {
    className: 'Conv2D', name, inbound: [input], weights: [['kernel', [kernel, kernel, inChannels, filters]]],
    config: {
      ...base(name), filters, kernel_size: [kernel, kernel], strides: [strides, strides], padding, data_format: 'channels_last',
      dilation_rate: [1, 1], groups: 1, activation: 'linear', use_bias: false, kernel_initializer: initializer('GlorotUniform'),
      bias_initializer: initializer('Zeros'), kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null,
      kernel_constraint: null, bias_constraint: null,
    },
  };
}

function depthwise(name: string, input: string, channels: number, padding: string): KerasLayer {
  return {
    className: 'DepthwiseConv2D', name, inbound: [input], weights: [['depthwise_kernel', [3, 3, channels, 1]]],
    config: {
      ...base(name), kernel_size: [3, 3], strides: [1, 1], padding, data_format: 'channels_last', dilation_rate: [1, 1],
      groups: 1, activation: 'linear', use_bias: false, bias_initializer: initializer('Zeros'), bias_regularizer: null,
      activity_regularizer: null, bias_constraint: null, depth_multiplier: 1, depthwise_initializer: initializer('GlorotUniform'),
      depthwise_regularizer: null, depthwise_constraint: null,
    },
  };
}

function batchNorm(name: string, input: string, channels: number): KerasLayer {
  return {
    className: 'BatchNormalization', name, inbound: [input],
    weights: ['gamma', 'beta', 'moving_mean', 'moving_variance'].map((w): [string, number[]] => [w, [channels]]),
    config: {
      ...base(name), axis: [3], momentum: 0.999, epsilon: 0.001, center: true, scale: true,
      beta_initializer: initializer('Zeros'), gamma_initializer: initializer('Ones'),
      moving_mean_initializer: initializer('Zeros'), moving_variance_initializer: initializer('Ones'),
      beta_regularizer: null, gamma_regularizer: null, beta_constraint: null, gamma_constraint: null,
    },
  };
}

const relu6 = (name: string, input: string): KerasLayer => ({
  className: 'ReLU', name, inbound: [input], weights: [], config: { ...base(name), max_value: 6.0, negative_slope: 0.0, threshold: 0.0 },
});
const pad = (name: string, input: string, padding: number[][]): KerasLayer => ({
  className: 'ZeroPadding2D', name, inbound: [input], weights: [], config: { ...base(name), padding, data_format: 'channels_last' },
});
const add = (name: string, inputs: string[]): KerasLayer => ({ className: 'Add', name, inbound: inputs, weights: [], config: base(name) });

/** Conv or depthwise conv, BatchNorm, and ReLU6 unless `relu` is false; returns the layers and the last name. */
function unit(first: KerasLayer, channels: number, relu = true): KerasLayer[] {
  const layers = [first, batchNorm(`${first.name}_BN`, first.name, channels)];
  if (relu) layers.push(relu6(`${first.name}_relu`, `${first.name}_BN`));
  return layers;
}

/**
 * [12, 12, 3] -> pad, 3x3/2 conv (8), BN, ReLU6 -> depthwise, BN, ReLU6, project (8), BN, + stream ->
 * expand (16), BN, ReLU6, pad, depthwise VALID, BN, ReLU6, project (8), BN, + stream -> conv 1x1 (12), BN,
 * ReLU6 -> global average pooling -> Dense 4 softmax.
 */
function mobileNetLayers(): KerasLayer[] {
  return [
    { className: 'InputLayer', name: 'input_1', inbound: [], weights: [],
      config: { batch_input_shape: [null, 12, 12, 3], dtype: 'float32', sparse: false, ragged: false, name: 'input_1' } },
    pad('Conv1_pad', 'input_1', [[0, 1], [0, 1]]),
    ...unit(conv('Conv1', 'Conv1_pad', 3, 8, 3, 2), 8),
    ...unit(depthwise('expanded_conv_depthwise', 'Conv1_relu', 8, 'same'), 8),
    ...unit(conv('expanded_conv_project', 'expanded_conv_depthwise_relu', 8, 8, 1), 8, false),
    add('block_1_add', ['Conv1_relu', 'expanded_conv_project_BN']),
    ...unit(conv('block_2_expand', 'block_1_add', 8, 16, 1), 16),
    pad('block_2_pad', 'block_2_expand_relu', [[1, 1], [1, 1]]),
    ...unit(depthwise('block_2_depthwise', 'block_2_pad', 16, 'valid'), 16),
    ...unit(conv('block_2_project', 'block_2_depthwise_relu', 16, 8, 1), 8, false),
    add('block_2_add', ['block_1_add', 'block_2_project_BN']),
    ...unit(conv('Conv_1', 'block_2_add', 8, 12, 1), 12),
    { className: 'GlobalAveragePooling2D', name: 'global_average_pooling2d', inbound: ['Conv_1_relu'], weights: [],
      config: { ...base('global_average_pooling2d'), data_format: 'channels_last', keepdims: false } },
    { className: 'Dense', name: 'predictions', inbound: ['global_average_pooling2d'], weights: [['kernel', [12, 4]], ['bias', [4]]],
      config: { ...base('predictions'), units: 4, activation: 'softmax', use_bias: true, kernel_initializer: initializer('GlorotUniform'),
        bias_initializer: initializer('Zeros'), kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null,
        kernel_constraint: null, bias_constraint: null } },
  ];
}

/** Where the pruning left zeros: [weight, axis, index]. */
const ZEROS: [string, number, number][] = [
  // Stream channel 5 (Conv1, the first block's depthwise step and projection, both adds): nobody reads it.
  ['expanded_conv_project/kernel', 2, 5], ['block_2_expand/kernel', 2, 5], ['Conv_1/kernel', 2, 5],
  // block_2's expanded channel 9, through the padding and the depthwise step: the projection skips it.
  ['block_2_project/kernel', 2, 9],
  // Conv_1's channel 7: the head, quantised, skips it.
  ['predictions/kernel', 0, 7],
];

/** uint8 quantisation as the converter's --quantize_uint8 does it, the range nudged so that 0 is exact. */
function quantizeUint8(values: Float32Array): { bytes: Uint8Array; scale: number; min: number } {
  const [lo, hi] = [Math.min(0, ...values), Math.max(0, ...values)];
  const scale = (hi - lo) / 255;
  const zeroPoint = Math.round(-lo / scale);
  const min = -zeroPoint * scale;
  const bytes = Uint8Array.from(values, (v) => Math.min(255, Math.max(0, Math.round(v / scale) + zeroPoint)));
  return { bytes, scale, min };
}

/** Writes model.json and group1-shard1of1.bin into `dir` as the converter lays them out. */
function writeConverted(dir: string): void {
  const layers = mobileNetLayers();
  const specs: Config[] = [];
  const chunks: Uint8Array[] = [];
  let seed = 1;
  for (const layer of layers) {
    for (const [weight, shape] of layer.weights) {
      const name = `${layer.name}/${weight}`;
      const values = seededValues(shape.reduce((a, b) => a * b, 1), seed++);
      if (weight === 'moving_variance') values.forEach((v, i) => { values[i] = Math.abs(v) + 0.5; });
      for (const [target, axis, index] of ZEROS) if (target === name) zeroIndexAlong(values, shape, axis, index);
      if (name === 'predictions/kernel') {
        const { bytes, scale, min } = quantizeUint8(values);
        specs.push({ name, shape, dtype: 'float32', quantization: { dtype: 'uint8', scale, min } });
        chunks.push(bytes);
      } else {
        specs.push({ name, shape, dtype: 'float32' });
        chunks.push(new Uint8Array(values.buffer));
      }
    }
  }
  const modelJson = {
    format: 'layers-model', generatedBy: 'keras v2.4.0', convertedBy: 'TensorFlow.js Converter v2.7.0',
    modelTopology: {
      keras_version: '2.4.0', backend: 'tensorflow',
      model_config: {
        class_name: 'Functional',
        config: {
          name: 'mobilenetv2_tiny',
          layers: layers.map(({ className, name, config, inbound }) => ({
            class_name: className, config, name, inbound_nodes: inbound.length === 0 ? [] : [inbound.map((source) => [source, 0, 0, {}])],
          })),
          input_layers: [['input_1', 0, 0]],
          output_layers: [['predictions', 0, 0]],
        },
      },
    },
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: specs }],
  };
  writeFileSync(join(dir, 'model.json'), JSON.stringify(modelJson));
  writeFileSync(join(dir, 'group1-shard1of1.bin'), Buffer.concat(chunks));
}

/** Plain TF.js: tfl.loadLayersModel over the files, read as they are (no cges code). */
async function loadFromFiles(dir: string): Promise<tfl.LayersModel> {
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
  return tfl.loadLayersModel({
    load: () => tf.io.getModelArtifactsForJSON(json, async (manifest) => {
      const buffers = manifest.flatMap((group) => group.paths.map((path) => {
        const bytes = readFileSync(join(dir, path));
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      }));
      return [manifest.flatMap((group) => group.weights), tf.io.CompositeArrayBuffer.join(buffers)];
    }),
  });
}

describe('compactGraph on a converted Keras MobileNetV2-style model', () => {
  it('compacts a stream channel, an expanded channel and a head input with equal outputs, and reloads from files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cges-keras-'));
    try {
      writeConverted(dir);
      const model = await loadFromFiles(dir);
      const result = await compactEqual(model);
      assert.deepEqual([...result.decision.removed.values()], ['unread', 'unread', 'unread']);
      const channels = (name: string) => result.model.getLayer(name).outputShape.at(-1);
      for (const name of ['Conv1', 'Conv1_relu', 'expanded_conv_depthwise_BN', 'expanded_conv_project_BN', 'block_1_add', 'block_2_add']) {
        assert.equal(channels(name), 7, name);
      }
      for (const name of ['block_2_expand_relu', 'block_2_pad', 'block_2_depthwise', 'block_2_depthwise_relu']) assert.equal(channels(name), 15, name);
      assert.equal(channels('Conv_1_BN'), 11);
      assert.equal(result.model.getLayer('predictions').getConfig().activation, 'softmax');
      assert.ok(result.after.macs < result.before.macs);

      const out = join(dir, 'compacted');
      await saveModel(result.model, out);
      const reloaded = await loadFromFiles(out);
      const inputs = seededModelInputs(model, 8);
      assert.ok(maxOutputDiffs(model, reloaded, inputs).every((d) => d <= 1e-6));
      tf.dispose(inputs);
      [model, result.model, reloaded].forEach((m) => m.dispose());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
