// The Relu gradient the onednn backend installs: one CgesReluGrad kernel where TF.js ran step, cast and mul,
// with the same first and second derivatives as TF.js's own gradient on the cpu backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { RELU_GRAD } from '../../src/backend/kernels/relu_grad.js';
import { assertAllClose, onBothBackends, seededValues, skipWithoutAddon } from './kernels/backend_compare.js';

const SHAPE = [2, 5, 3];
const SIZE = 30;
const x0 = seededValues(SIZE, 7);
const w0 = seededValues(SIZE, 8);
const v0 = seededValues(SIZE, 9);

test('the relu gradient runs as one CgesReluGrad kernel on onednn', { skip: skipWithoutAddon }, async () => {
  await onBothBackends(() => []);
  await tf.setBackend('onednn');
  const x = tf.tensor(x0, SHAPE);
  const w = tf.tensor(w0, SHAPE);
  const profile = await tf.profile(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.relu(t), w)))(x));
  const kernels = profile.kernelNames;
  tf.dispose([x, w]);
  await tf.setBackend('cpu');
  assert.ok(kernels.includes(RELU_GRAD), `kernels: ${kernels.join(', ')}`);
  assert.ok(!kernels.includes('Step'), `kernels: ${kernels.join(', ')}`);
});

test('first and second derivatives through relu match TF.js on cpu', { skip: skipWithoutAddon }, async () => {
  const { cpu, onednn } = await onBothBackends(() => {
    const x = tf.tensor(x0, SHAPE);
    const v = tf.tensor(v0, SHAPE);
    // g(w) = d/dx sum(relu(x) * w) = w * step(x); then d/dw sum(g(w) * v) = v * step(x), through
    // CgesReluGrad's own gradient with respect to dy.
    const g = (w: tf.Tensor) => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.relu(t), w)))(x);
    const w = tf.tensor(w0, SHAPE);
    return [g(w), tf.grad((u: tf.Tensor) => tf.sum(tf.mul(g(u), v)))(w)];
  });
  assertAllClose(onednn[0], cpu[0], 'first derivative', 0, 0);
  assertAllClose(onednn[1], cpu[1], 'second derivative', 0, 0);
  assert.ok(onednn[1].some((value) => value !== 0), 'the second derivative is not all zero');
});

test('the relu gradient of a dy cast from int32 equals the cpu backend\'s', { skip: skipWithoutAddon }, async () => {
  const { cpu, onednn } = await onBothBackends(() => {
    const dy = tf.cast(tf.tensor(Int32Array.from(w0, (v) => Math.round(10 * v)), SHAPE, 'int32'), 'float32');
    return [tf.grad((t: tf.Tensor) => tf.relu(t))(tf.tensor(x0, SHAPE), dy)];
  });
  assertAllClose(onednn[0], cpu[0], 'dx');
});
