// The FusedBatchNorm gradient the onednn backend installs (batch_norm_gradient.ts) against TF.js's own on the
// cpu backend: with respect to x, mean, variance, offset and scale, with moving statistics and with batch
// statistics (tf.moments, as tfjs-layers trains), at batch 1 and odd shapes; its second
// derivatives; and that it runs CgesCenteredChannelSum and no Tile. (Without a scale TF.js's engine cannot
// save the absent input for the gradient, on any backend, so that case never reaches a gradient.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { CENTERED_CHANNEL_SUM } from '../../src/backend/kernels/centered_channel_sum.js';
import { NOT_BUILT, assertSameAsCpu, oneDnnAvailable, random } from './kernels/onednn_test_utils.js';

const available = oneDnnAvailable();
const TOL = { tol: 2e-4, native: 'centeredChannelSum' as const };

function inputs(shape: number[], seed: number) {
  const channels = shape[shape.length - 1];
  return {
    x: random(shape, seed),
    dy: random(shape, seed + 1),
    mean: random([channels], seed + 2),
    variance: tf.tidy(() => tf.add(tf.abs(random([channels], seed + 3)), 0.2)),
    offset: random([channels], seed + 4),
    scale: random([channels], seed + 5),
  };
}

test('the batchNorm gradient with respect to every input on onednn equals cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  [[100, 14, 14, 16], [1, 5, 3, 7], [3, 7, 5, 13], [33, 10]].forEach((shape, i) => {
    const v = inputs(shape, 10 * i);
    const f = (x: tf.Tensor, mean: tf.Tensor, variance: tf.Tensor, offset: tf.Tensor, scale: tf.Tensor) =>
      tf.batchNorm(x, mean, variance, offset, scale, 1e-3);
    assertSameAsCpu(`[${shape}]`, () => tf.grads(f)([v.x, v.mean, v.variance, v.offset, v.scale], v.dy), TOL);
    tf.dispose(Object.values(v));
  });
});

test('the gradient of batchNorm on batch statistics (training) on onednn equals cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const v = inputs([20, 6, 5, 8], 100);
  const train = (x: tf.Tensor, offset: tf.Tensor, scale: tf.Tensor) => {
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    return tf.batchNorm(x, mean, variance, offset, scale, 1e-3);
  };
  assertSameAsCpu('through tf.moments', () => tf.grads(train)([v.x, v.offset, v.scale], v.dy), TOL);
  tf.dispose(Object.values(v));
});

test('second derivatives through batchNorm on onednn equal cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const v = inputs([4, 3, 5], 200);
  const w = random([4, 3, 5], 210);
  // g(s) = d/dx sum(batchNorm(x; s) * w); then its gradient with respect to the scale s goes through
  // CgesCenteredChannelSum's own gradient.
  const g = (x: tf.Tensor, scale: tf.Tensor) => tf.grad((u: tf.Tensor) =>
    tf.sum(tf.mul(tf.batchNorm(u, v.mean, v.variance, v.offset, scale, 1e-3), w)))(x);
  const h = (x: tf.Tensor, scale: tf.Tensor) => {
    const { mean, variance } = tf.moments(x, [0, 1]);
    return tf.grad((u: tf.Tensor) => tf.sum(tf.square(tf.batchNorm(u, mean, variance, v.offset, scale, 1e-3))))(scale);
  };
  assertSameAsCpu('d/dscale of dx', () => tf.grad((s: tf.Tensor) => tf.sum(tf.mul(g(v.x, s), v.dy)))(v.scale), { tol: 2e-4 });
  assertSameAsCpu('d/dx of dscale', () => tf.grad((u: tf.Tensor) => tf.sum(tf.mul(h(u, v.scale), v.offset)))(v.x), TOL);
  tf.dispose([...Object.values(v), w]);
});

test('the batchNorm gradient runs CgesCenteredChannelSum and no Tile on onednn', async (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const v = inputs([2, 3, 3, 4], 300);
  await tf.setBackend('onednn');
  const profile = await tf.profile(() => tf.grads((x: tf.Tensor, scale: tf.Tensor) =>
    tf.batchNorm(x, v.mean, v.variance, v.offset, scale, 1e-3))([v.x, v.scale], v.dy));
  const kernels = profile.kernelNames;
  tf.dispose(Object.values(v));
  assert.ok(kernels.includes(CENTERED_CHANNEL_SUM), `kernels: ${kernels.join(', ')}`);
  assert.ok(!kernels.includes('Tile'), `kernels: ${kernels.join(', ')}`);
});
