// The onednn FusedBatchNorm kernel against the cpu kernel: inference with moving statistics on NHWC
// activations and [batch, units], with and without offset and scale, statistics of shape [C] and
// [1, 1, 1, C], batch 1 and odd shapes, NaN and infinities; statistics that broadcast otherwise fall back;
// the native entries' argument checks (and CgesCenteredChannelSum's, the batch-norm gradient's sum).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { loadNativeAddon } from '../../../src/backend/native_addon.js';
import { NOT_BUILT, assertSameAsCpu, oneDnnAvailable, random } from './onednn_test_utils.js';

const available = oneDnnAvailable();

/** Per-channel statistics: a positive variance and the others in [-1, 1). */
function stats(channels: number, seed: number, shape = [channels]) {
  return {
    mean: random(shape, seed),
    variance: tf.tidy(() => tf.add(tf.abs(random(shape, seed + 1)), 0.1)),
    offset: random(shape, seed + 2),
    scale: random(shape, seed + 3),
  };
}

test('batchNorm on onednn equals cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const cases = [[100, 28, 28, 16], [1, 5, 3, 7], [3, 7, 5, 13], [33, 10], [2, 9]];
  cases.forEach((shape, i) => {
    const channels = shape[shape.length - 1];
    const x = random(shape, 50 + i);
    const s = stats(channels, 60 + i);
    assertSameAsCpu(`[${shape}]`, () => tf.batchNorm(x, s.mean, s.variance, s.offset, s.scale, 1e-3),
      { tol: 1e-5, native: 'fusedBatchNorm' });
    assertSameAsCpu(`[${shape}] without offset and scale`, () => tf.batchNorm(x, s.mean, s.variance, undefined,
      undefined, 1e-5), { tol: 1e-5, native: 'fusedBatchNorm' });
    tf.dispose([x, ...Object.values(s)]);
  });
});

test('batchNorm with statistics of shape [1, 1, 1, C], NaN and infinities on onednn equals cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const x = tf.tidy(() => {
    const values = random([2, 3, 3, 4], 7).dataSync().slice();
    values[0] = NaN;
    values[5] = Infinity;
    values[10] = -Infinity;
    return tf.tensor4d(values, [2, 3, 3, 4]);
  });
  const s = stats(4, 70, [1, 1, 1, 4]);
  assertSameAsCpu('[1, 1, 1, C]', () => tf.batchNorm4d(x as tf.Tensor4D, s.mean as tf.Tensor4D,
    s.variance as tf.Tensor4D, s.offset as tf.Tensor4D, s.scale as tf.Tensor4D, 1e-3), { tol: 1e-5, native: 'fusedBatchNorm' });
  tf.dispose([x, ...Object.values(s)]);
});

test('batchNorm with statistics broadcast over the batch falls back to cpu with the same result', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const x = random([3, 4], 8);
  const s = stats(4, 80, [3, 4]);
  assertSameAsCpu('[3, 4] statistics', () => tf.batchNorm(x, s.mean, s.variance, s.offset, s.scale, 1e-3), { tol: 1e-6 });
  tf.dispose([x, ...Object.values(s)]);
});

test('a relu or relu6 of batchNorm\'s output joins it, equal to cpu, and the output read too', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const x = tf.tidy(() => tf.mul(random([5, 4, 3, 9], 90), 8));
  const s = stats(9, 91);
  const normalised = () => tf.batchNorm(x, s.mean, s.variance, s.offset, s.scale, 1e-3);
  assertSameAsCpu('relu', () => tf.tidy(() => tf.relu(normalised())), { tol: 1e-5, native: 'fusedBatchNorm' });
  assertSameAsCpu('relu6', () => tf.tidy(() => tf.relu6(normalised())), { tol: 1e-5, native: 'fusedBatchNorm' });
  assertSameAsCpu('both', () => tf.tidy(() => {
    const y = normalised();
    return [tf.relu6(y), y];
  }), { tol: 1e-5 });
  tf.dispose([x, ...Object.values(s)]);
});

test('fusedBatchNorm and centeredChannelSum throw a TypeError naming the argument at fault', (t) => {
  const addon = loadNativeAddon();
  if (addon === null) return t.skip(NOT_BUILT);
  const [x, c, out] = [new Float32Array(12), new Float32Array(4), new Float32Array(12)];
  assert.throws(() => addon.fusedBatchNorm(x, new Float32Array(5), c, null, null, out, 1e-3, 'linear'),
    { name: 'TypeError', message: /fusedBatchNorm: argument mean must have a length dividing x's/ });
  assert.throws(() => addon.fusedBatchNorm(x, c, new Float32Array(3), null, null, out, 1e-3, 'linear'),
    { name: 'TypeError', message: /fusedBatchNorm: argument variance must have 4 elements/ });
  assert.throws(() => addon.fusedBatchNorm(x, c, c, c, new Float32Array(2), out, 1e-3, 'linear'),
    { name: 'TypeError', message: /fusedBatchNorm: argument scale must have 4 elements/ });
  assert.throws(() => addon.fusedBatchNorm(x, c, c, null, null, out, 1e-3, 'tanh' as 'linear'),
    { name: 'TypeError', message: /fusedBatchNorm: argument activation must be linear, relu or relu6/ });
  assert.throws(() => addon.centeredChannelSum(x, new Float32Array(11), c, c),
    { name: 'TypeError', message: /centeredChannelSum: argument x must have 12 elements/ });
  assert.throws(() => addon.centeredChannelSum(x, x, c, new Float32Array(3)),
    { name: 'TypeError', message: /centeredChannelSum: argument out must have 4 elements/ });
});
