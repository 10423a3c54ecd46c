// regularizedKernels: Dense and Conv2D kernels only, in layer order, biases excluded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { buildModel } from '../../src/models/registry.js';
import { regularizedKernels } from '../../src/models/kernels.js';
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

test('a model without Dense or Conv2D layers is a CgesError', () => {
  const model = tfl.sequential({ layers: [tfl.layers.flatten({ inputShape: [2, 2] })] });
  assert.throws(() => regularizedKernels(model), CgesError);
  model.dispose();
});
