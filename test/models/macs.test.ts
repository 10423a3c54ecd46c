// MAC and parameter counts against numbers worked out by hand from each network's shapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { buildModel } from '../../src/models/registry.js';
import { countMacs, countParams } from '../../src/models/macs.js';
import { regularizedKernels } from '../../src/models/kernels.js';

await tf.setBackend('cpu');

test('seed-mnist MACs: SAME convs over their full 28x28 and 14x14 outputs', () => {
  const model = buildModel('seed-mnist', { seed: 0 });
  const macs = countMacs(model);
  const expected = [28 * 28 * 25 * 1 * 32, 14 * 14 * 25 * 32 * 64, 3136 * 1024, 1024 * 10];
  assert.deepEqual(macs.layers, [
    { name: 'conv1', macs: 627_200 }, { name: 'conv2', macs: 10_035_200 },
    { name: 'fc1', macs: 3_211_264 }, { name: 'fc2', macs: 10_240 },
  ]);
  assert.deepEqual(macs.layers.map((l) => l.macs), expected);
  assert.equal(macs.total, 13_883_904);
  model.dispose();
});

test('lenet5 and lenet-300-100 MACs', () => {
  const lenet5 = buildModel('lenet5', { seed: 0 });
  assert.deepEqual(countMacs(lenet5).layers.map((l) => l.macs),
    [24 * 24 * 25 * 20, 8 * 8 * 25 * 20 * 50, 800 * 500, 500 * 10]);
  assert.equal(countMacs(lenet5).total, 288_000 + 1_600_000 + 400_000 + 5_000);
  const mlp = buildModel('lenet-300-100', { seed: 0 });
  assert.equal(countMacs(mlp).total, 784 * 300 + 300 * 100 + 100 * 10);
  [lenet5, mlp].forEach((m) => m.dispose());
});

test('nonzeroOnly counts non-zero weights, times output positions for conv', () => {
  const model = buildModel('lenet5', { seed: 0 });
  const [conv1, , fc1] = regularizedKernels(model);
  // conv1: keep 7 of 500 weights; fc1: zero 1000 rows' worth (the first 2 rows of 500 outputs).
  const mask = new Float32Array(500);
  mask.fill(1, 0, 7);
  conv1.variable.write(tf.mul(conv1.variable.read(), tf.tensor(mask, [5, 5, 1, 20])));
  const rows = tf.concat([tf.zeros([2, 500]), tf.ones([798, 500])]);
  fc1.variable.write(tf.mul(fc1.variable.read(), rows));
  const macs = countMacs(model, { nonzeroOnly: true }).layers.map((l) => l.macs);
  assert.deepEqual(macs, [7 * 24 * 24, 8 * 8 * 25 * 20 * 50, 798 * 500, 500 * 10]);
  const params = countParams(model, { nonzeroOnly: true });
  // Caffe biases start at 0, so only kernels count here.
  assert.deepEqual(params.layers.map((l) => l.params), [7, 25_000, 399_000, 5_000]);
  model.dispose();
});

test('countParams counts kernels and biases of every layer with weights', () => {
  const model = buildModel('seed-mnist', { seed: 0 });
  const params = countParams(model);
  assert.deepEqual(params.layers.map((l) => [l.name, l.params]), [
    ['conv1', 800 + 32], ['conv2', 51_200 + 64], ['fc1', 3_211_264 + 1024], ['fc2', 10_240 + 10],
  ]);
  assert.equal(params.total, 3_273_504 + 32 + 64 + 1024 + 10);
  model.dispose();
});
