// LeNet-300-100: shapes, Caffe xavier initial statistics, and its forward pass against plain matMuls.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { buildLenet300100 } from '../../src/models/lenet_300_100.js';

await tf.setBackend('cpu');

test('lenet-300-100 is 784-300-100-10 with xavier kernels and zero biases', () => {
  const model = buildLenet300100({ seed: 1 });
  assert.deepEqual(model.outputShape, [null, 10]);
  const weights = model.getWeights();
  assert.deepEqual(weights.map((w) => w.shape), [[784, 300], [300], [300, 100], [100], [100, 10], [10]]);
  // Uniform in +-sqrt(3 / fan_in): variance 1 / fan_in.
  const kernel = weights[0].dataSync();
  const bound = Math.sqrt(3 / 784);
  let squares = 0;
  for (const v of kernel) squares += v * v;
  assert.ok(kernel.every((v) => Math.abs(v) <= bound + 1e-7));
  assert.ok(Math.abs(squares / kernel.length - 1 / 784) < 0.03 / 784, `variance ${squares / kernel.length}`);
  assert.ok(weights[1].dataSync().every((b) => b === 0));
  model.dispose();
});

test('lenet-300-100 forward pass equals relu(relu(x W1 + b1) W2 + b2) W3 + b3', () => {
  const model = buildLenet300100({ seed: 2 });
  const x = tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 5);
  const w = model.getWeights();
  const expected = tf.tidy(() => {
    const dense = (h: tf.Tensor2D, i: number) => tf.add(tf.matMul(h, w[2 * i] as tf.Tensor2D), w[2 * i + 1]) as tf.Tensor2D;
    return dense(tf.relu(dense(tf.relu(dense(tf.reshape(x, [3, 784]), 0)), 1)), 2);
  });
  const actual = model.predict(x) as tf.Tensor;
  const diff = tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0];
  assert.ok(diff < 1e-5, `max difference ${diff}`);
  tf.dispose([x, expected, actual]);
  model.dispose();
});
