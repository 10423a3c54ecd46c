// The original MNIST network: its shapes, its weight count, its initial statistics, and its forward
// pass against the same network written out with plain tfjs-core ops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { buildSeedMnist } from '../../src/models/seed_mnist.js';

await tf.setBackend('cpu');

function weight(model: ReturnType<typeof buildSeedMnist>, layer: string, index: number): tf.Tensor {
  return model.getLayer(layer).getWeights()[index];
}

test('seed-mnist has the original layer shapes and 3,273,504 kernel weights', () => {
  const model = buildSeedMnist({ seed: 1 });
  assert.deepEqual(model.getLayer('conv1').outputShape, [null, 28, 28, 32]);
  assert.deepEqual(model.getLayer('pool1').outputShape, [null, 14, 14, 32]);
  assert.deepEqual(model.getLayer('conv2').outputShape, [null, 14, 14, 64]);
  assert.deepEqual(model.getLayer('pool2').outputShape, [null, 7, 7, 64]);
  assert.deepEqual(model.getLayer('flatten').outputShape, [null, 3136]);
  assert.deepEqual(model.getLayer('fc1').outputShape, [null, 1024]);
  assert.deepEqual(model.outputShape, [null, 10]);
  assert.equal(model.getLayer('dropout').getConfig().rate, 0.5);
  const kernels = ['conv1', 'conv2', 'fc1', 'fc2'].map((name) => weight(model, name, 0));
  assert.deepEqual(kernels.map((k) => k.shape), [[5, 5, 1, 32], [5, 5, 32, 64], [3136, 1024], [1024, 10]]);
  assert.equal(kernels.reduce((sum, k) => sum + k.size, 0), 3_273_504);
  model.dispose();
});

test('seed-mnist kernels are truncated normal (std 0.1, cut at 2 std) and biases are 0.1', () => {
  const model = buildSeedMnist({ seed: 2 });
  const values = weight(model, 'fc1', 0).dataSync();
  let sum = 0;
  let squares = 0;
  let maxAbs = 0;
  for (const v of values) {
    sum += v;
    squares += v * v;
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  const mean = sum / values.length;
  const std = Math.sqrt(squares / values.length - mean * mean);
  // A N(0, 0.1) cut at +-0.2 has std 0.1 * sqrt(1 - 2*2*phi(2) / (2*Phi(2) - 1)) = 0.08796.
  assert.ok(Math.abs(mean) < 1e-3, `mean ${mean}`);
  assert.ok(Math.abs(std - 0.08796) < 1e-3, `std ${std}`);
  assert.ok(maxAbs <= 0.2 + 1e-6, `max |w| ${maxAbs}`);
  for (const name of ['conv1', 'conv2', 'fc1', 'fc2']) {
    assert.ok(weight(model, name, 1).dataSync().every((b) => Math.abs(b - 0.1) < 1e-7), `${name} bias`);
  }
  model.dispose();
});

test('seed-mnist forward pass equals the network written with tfjs-core ops', () => {
  const model = buildSeedMnist({ seed: 3 });
  const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 11);
  const expected = tf.tidy(() => {
    const conv = (input: tf.Tensor4D, layer: string) =>
      tf.relu(tf.add(tf.conv2d(input, weight(model, layer, 0) as tf.Tensor4D, 1, 'same'), weight(model, layer, 1))) as tf.Tensor4D;
    const pool = (input: tf.Tensor4D) => tf.maxPool(input, 2, 2, 'same');
    const h = tf.reshape(pool(conv(pool(conv(x as tf.Tensor4D, 'conv1')), 'conv2')), [2, 3136]);
    const fc1 = tf.relu(tf.add(tf.matMul(h, weight(model, 'fc1', 0) as tf.Tensor2D), weight(model, 'fc1', 1)));
    return tf.add(tf.matMul(fc1, weight(model, 'fc2', 0) as tf.Tensor2D), weight(model, 'fc2', 1));
  });
  const actual = model.predict(x) as tf.Tensor;
  assert.deepEqual(actual.shape, [2, 10]);
  const diff = tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0];
  assert.ok(diff < 1e-4, `max difference ${diff}`);
  tf.dispose([x, expected, actual]);
  model.dispose();
});

test('seed-mnist builds with the same seed are identical and other seeds differ', () => {
  const [a, b, c] = [5, 5, 6].map((seed) => buildSeedMnist({ seed }));
  const same = (m: typeof a, n: typeof a) => {
    const [mw, nw] = [m.getWeights(), n.getWeights()];
    const equal = mw.every((w, i) => {
      const [u, v] = [w.dataSync(), nw[i].dataSync()];
      return u.every((value, j) => value === v[j]);
    });
    return equal;
  };
  assert.ok(same(a, b));
  assert.ok(!same(a, c));
  [a, b, c].forEach((m) => m.dispose());
});
