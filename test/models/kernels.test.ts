// regularizedKernels: every kernel of the kernel layers, nested models included, in layer order; biases
// and frozen layers excluded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { buildModel } from '../../src/models/registry.js';
import { kernelWeights, regularizedKernels, unregularizedLayers } from '../../src/models/kernels.js';
import { countMacs } from '../../src/models/macs.js';
import { CgesError } from '../../src/util/errors.js';

await tf.setBackend('cpu');

test('seed-mnist has four regularised kernels: two conv2d, two dense, in order', () => {
  const model = buildModel('seed-mnist', { seed: 0 });
  const kernels = regularizedKernels(model);
  assert.deepEqual(kernels.map((k) => [k.layer.name, k.kind, k.index]), [
    ['conv1', 'conv2d', 0], ['conv2', 'conv2d', 1], ['fc1', 'dense', 2], ['fc2', 'dense', 3],
  ]);
  assert.deepEqual(kernels.map((k) => k.variable.shape), [[5, 5, 1, 32], [5, 5, 32, 64], [3136, 1024], [1024, 10]]);
  // The variable is the live kernel: writing it changes what the layer computes with.
  const fc2 = kernels[3];
  fc2.variable.write(tf.zeros([1024, 10]));
  const out = model.predict(tf.zeros([1, 28, 28, 1])) as tf.Tensor;
  assert.ok(out.dataSync().every((v) => Math.abs(v - 0.1) < 1e-6), 'logits are the 0.1 bias alone');
  model.dispose();
});

test('a model without a kernel layer is a CgesError', () => {
  const model = tfl.sequential({ layers: [tfl.layers.flatten({ inputShape: [2, 2] })] });
  assert.throws(() => regularizedKernels(model), CgesError);
  model.dispose();
});

test('depthwise, separable, conv1d and nested kernels are regularised; frozen and unknown kernel layers are listed', () => {
  const x = tfl.input({ shape: [8, 8, 2] });
  const frozen = tfl.layers.conv2d({ name: 'frozen', filters: 3, kernelSize: 3, padding: 'same', trainable: false });
  const block = tfl.sequential({
    name: 'block', layers: [tfl.layers.depthwiseConv2d({ name: 'dw', inputShape: [8, 8, 3], kernelSize: 3, depthMultiplier: 2 })],
  });
  const sep = tfl.layers.separableConv2d({ name: 'sep', filters: 4, kernelSize: 3, depthMultiplier: 2 });
  const up = tfl.layers.conv2dTranspose({ name: 'up', filters: 2, kernelSize: 2 });
  let t = frozen.apply(x) as tfl.SymbolicTensor;
  t = sep.apply(block.apply(t)) as tfl.SymbolicTensor;
  t = up.apply(t) as tfl.SymbolicTensor;
  const steps = tfl.layers.reshape({ name: 'steps', targetShape: [5 * 5, 2] }).apply(t) as tfl.SymbolicTensor;
  const c1 = tfl.layers.conv1d({ name: 'c1', filters: 3, kernelSize: 5 }).apply(steps) as tfl.SymbolicTensor;
  const out = tfl.layers.dense({ name: 'fc', units: 2 }).apply(tfl.layers.flatten().apply(c1)) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: x, outputs: out });
  assert.deepEqual(kernelWeights(model).map((k) => [k.name, k.kind, k.channelGroups]), [
    ['frozen', 'conv2d', false], ['dw', 'depthwise', true], ['sep/depthwise_kernel', 'depthwise', true],
    ['sep/pointwise_kernel', 'pointwise', false], ['c1', 'conv1d', false], ['fc', 'dense', false],
  ]);
  assert.deepEqual(regularizedKernels(model).map((k) => [k.name, k.index]),
    [['dw', 0], ['sep/depthwise_kernel', 1], ['sep/pointwise_kernel', 2], ['c1', 3], ['fc', 4]]);
  assert.deepEqual(unregularizedLayers(model), [
    { layer: 'frozen', reason: 'frozen (trainable: false), so its weights stay' },
    { layer: 'up', reason: 'Conv2DTranspose layers are not regularised' },
  ]);
  // MACs by hand: frozen 3*3*2*3 at 8x8; dw 3*3*3*2 at 6x6; sep 3*3*6*2 and 12*4 at 4x4; c1 5*2*3 at 21
  // steps; fc 63*2.
  assert.deepEqual(countMacs(model).layers.map((l) => l.macs),
    [54 * 64, 54 * 36, 108 * 16, 48 * 16, 30 * 21, 126]);
  model.dispose();
});
