// The in-place SGD update on the onednn backend against TF.js's own SGD on the cpu backend (bit for bit),
// the cases it declines (another backend, shared storage, mismatched shapes), and makeOptimizer('sgd') on
// onednn, which takes it for every weight it can and counts iterations as TF.js's SGD does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadNativeAddon } from '../../src/backend/native_addon.js';
import { sgdVariableInPlace } from '../../src/backend/native_sgd.js';
import { registerOneDnnBackend } from '../../src/backend/onednn_backend.js';
import { makeOptimizer } from '../../src/train/optimizers.js';
import { seededValues } from './kernels/backend_compare.js';

const skip = loadNativeAddon() === null ? 'the oneDNN addon is not built' : false;
const ETA = 0.037;
// A weight-sized case (LeNet-300-100's first kernel), a bias, and a size above the parallel threshold.
const SHAPES = [[784, 300], [300], [1200, 1000]];

/** The weights after one SGD step of each shape, on `backend`, through makeOptimizer('sgd'). */
async function stepOn(backend: string): Promise<{ weights: Float32Array[]; iterations: number }> {
  await tf.setBackend(backend);
  const variables = SHAPES.map((shape, i) => tf.tidy(() => tf.variable(
    tf.tensor(seededValues(shape.reduce((a, b) => a * b), 30 + i), shape), true, `sgd_test_${backend}_${i}`)));
  const optimizer = makeOptimizer('sgd', ETA);
  const gradients: tf.NamedTensorMap = {};
  SHAPES.forEach((shape, i) => {
    gradients[variables[i].name] = tf.tensor(seededValues(shape.reduce((a, b) => a * b), 40 + i), shape);
  });
  const { kernels } = await tf.profile(() => optimizer.applyGradients(gradients));
  // On onednn every weight is updated in place, so no kernel runs (the cpu path runs a Multiply and an Add
  // per weight): this proves the comparison below is the native update's.
  assert.equal(kernels.length === 0, backend === 'onednn', `${backend}: ${kernels.length} kernels`);
  const weights = variables.map((v) => Float32Array.from(v.dataSync()));
  const iterations = optimizer.iterations;
  tf.dispose([...variables, ...Object.values(gradients)]);
  optimizer.dispose();
  return { weights, iterations };
}

test('makeOptimizer("sgd") on onednn gives the cpu backend\'s weights bit for bit', { skip }, async () => {
  assert.ok(registerOneDnnBackend());
  const cpu = await stepOn('cpu');
  const onednn = await stepOn('onednn');
  assert.equal(onednn.iterations, cpu.iterations);
  onednn.weights.forEach((w, k) => {
    const at = w.findIndex((v, i) => v !== cpu.weights[k][i]);
    assert.equal(at, -1, `[${SHAPES[k]}]: index ${at}: onednn ${w[at]}, cpu ${cpu.weights[k][at]}`);
  });
  await tf.setBackend('cpu');
});

test('sgdVariableInPlace updates in place on onednn and declines what it must not touch', { skip }, async () => {
  assert.ok(registerOneDnnBackend());
  await tf.setBackend('onednn');
  // Made inside tidy, so that the initial tensor no longer shares the variable's storage.
  const v = tf.tidy(() => tf.variable(tf.tensor([1, 2, 3, 4], [2, 2])));
  const g = tf.tensor([1, 1, 1, 1], [2, 2]);
  assert.equal(sgdVariableInPlace(v, g, 0.5), true);
  assert.deepEqual(Array.from(v.dataSync()), [0.5, 1.5, 2.5, 3.5]);
  const flat = tf.tensor([1, 1, 1, 1], [4]);
  assert.equal(sgdVariableInPlace(v, flat, 0.5), false, 'shape mismatch');
  const alias = tf.reshape(v, [4]);
  assert.equal(sgdVariableInPlace(v, g, 0.5), false, 'shared storage');
  assert.deepEqual(Array.from(alias.dataSync()), [0.5, 1.5, 2.5, 3.5]);
  tf.dispose([v, g, flat, alias]);
  await tf.setBackend('cpu');
  const onCpu = tf.tidy(() => tf.variable(tf.tensor([1, 2])));
  const ones = tf.tensor([1, 1]);
  assert.equal(sgdVariableInPlace(onCpu, ones, 0.5), false, 'cpu backend');
  tf.dispose([onCpu, ones]);
});
