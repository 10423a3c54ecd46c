// Caffe LeNet-5: shapes, weight count, and its forward pass against plain tfjs-core ops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { buildLenet5 } from '../../src/models/lenet5.js';

await tf.setBackend('cpu');

test('lenet5 has Caffe LeNet shapes and 430,500 kernel weights', () => {
  const model = buildLenet5({ seed: 1 });
  assert.deepEqual(model.getLayer('conv1').outputShape, [null, 24, 24, 20]);
  assert.deepEqual(model.getLayer('pool1').outputShape, [null, 12, 12, 20]);
  assert.deepEqual(model.getLayer('conv2').outputShape, [null, 8, 8, 50]);
  assert.deepEqual(model.getLayer('pool2').outputShape, [null, 4, 4, 50]);
  assert.deepEqual(model.getLayer('flatten').outputShape, [null, 800]);
  assert.deepEqual(model.outputShape, [null, 10]);
  const weights = model.getWeights();
  const kernels = weights.filter((w) => w.rank > 1);
  assert.deepEqual(kernels.map((k) => k.shape), [[5, 5, 1, 20], [5, 5, 20, 50], [800, 500], [500, 10]]);
  assert.equal(kernels.reduce((sum, k) => sum + k.size, 0), 430_500);
  model.dispose();
});

test('lenet5 forward pass equals conv-pool-conv-pool-dense written with tfjs-core ops', () => {
  const model = buildLenet5({ seed: 2 });
  const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 9);
  const w = model.getWeights();
  const expected = tf.tidy(() => {
    const conv = (h: tf.Tensor4D, i: number) =>
      tf.maxPool(tf.add(tf.conv2d(h, w[2 * i] as tf.Tensor4D, 1, 'valid'), w[2 * i + 1]) as tf.Tensor4D, 2, 2, 'valid');
    const dense = (h: tf.Tensor2D, i: number) => tf.add(tf.matMul(h, w[2 * i] as tf.Tensor2D), w[2 * i + 1]) as tf.Tensor2D;
    const features = tf.reshape(conv(conv(x as tf.Tensor4D, 0), 1), [2, 800]) as tf.Tensor2D;
    return dense(tf.relu(dense(features, 2)), 3);
  });
  const actual = model.predict(x) as tf.Tensor;
  const diff = tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0];
  assert.ok(diff < 1e-4, `max difference ${diff}`);
  tf.dispose([x, expected, actual]);
  model.dispose();
});
