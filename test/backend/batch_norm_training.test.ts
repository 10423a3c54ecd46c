// Batch normalisation in training mode (src/backend/batch_norm_training.ts): the onednn kernel and its
// gradient against TF.js's tf.moments + tf.batchNorm on the cpu backend (the op's own fallback there), at
// batch 1, odd channel counts, rank 2 and 4, without scale or offset, far from zero; gradients through the
// mean and variance outputs too; and that the native entries ran.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { batchNormTraining } from '../../src/backend/batch_norm_training.js';
import { loadNativeAddon } from '../../src/backend/native_addon.js';
import { NOT_BUILT, assertSameAsCpu, countNativeCalls, oneDnnAvailable, random } from './kernels/onednn_test_utils.js';

const available = oneDnnAvailable();
const EPSILON = 1e-3;
const SHAPES = [[100, 14, 14, 16], [1, 5, 3, 7], [3, 7, 5, 13], [33, 10], [2, 1, 1, 3]];

function operands(shape: number[], seed: number, shift = 0) {
  const channels = shape[shape.length - 1];
  return {
    x: tf.tidy(() => tf.add(tf.mul(random(shape, seed), 3), shift)),
    dy: random(shape, seed + 1),
    scale: random([channels], seed + 2) as tf.Tensor1D,
    offset: random([channels], seed + 3) as tf.Tensor1D,
    a: random([channels], seed + 4),
    b: random([channels], seed + 5),
  };
}

const outputs = (s: { y: tf.Tensor; mean: tf.Tensor; variance: tf.Tensor }) => [s.y, s.mean, s.variance];

test('batchNormTraining on onednn equals tf.moments and tf.batchNorm on cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  SHAPES.forEach((shape, i) => {
    const v = operands(shape, 10 * i);
    assertSameAsCpu(`[${shape}]`, () => outputs(batchNormTraining(v.x, v.scale, v.offset, EPSILON)),
      { tol: 1e-4, native: 'batchNormTraining' });
    assertSameAsCpu(`[${shape}] without scale and offset`, () => outputs(batchNormTraining(v.x, null, null, EPSILON)),
      { tol: 1e-4, native: 'batchNormTraining' });
    tf.dispose(Object.values(v));
  });
});

test('batchNormTraining keeps the variance of values far from zero', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  // A mean of 1000 against a spread of 3: sums of squares about the origin would cancel the variance away.
  const v = operands([8, 6, 6, 5], 70, 1000);
  assertSameAsCpu('x + 1000', () => outputs(batchNormTraining(v.x, v.scale, v.offset, EPSILON)),
    { tol: 2e-4, native: 'batchNormTraining' });
  tf.dispose(Object.values(v));
});

test('the gradient of batchNormTraining on onednn equals TF.js\'s on cpu, through y, mean and variance', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  SHAPES.forEach((shape, i) => {
    const v = operands(shape, 100 + 10 * i);
    const throughY = (x: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor) =>
      batchNormTraining(x, scale as tf.Tensor1D, offset as tf.Tensor1D, EPSILON).y;
    assertSameAsCpu(`[${shape}] dy`, () => tf.grads(throughY)([v.x, v.scale, v.offset], v.dy),
      { tol: 5e-4, native: 'batchNormTrainingGrad' });
    // A loss reading all three outputs: the mean's and the variance's gradients join x's.
    const loss = (x: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor) => {
      const s = batchNormTraining(x, scale as tf.Tensor1D, offset as tf.Tensor1D, EPSILON);
      return tf.addN([tf.sum(tf.mul(s.y, v.dy)), tf.sum(tf.mul(s.mean, v.a)), tf.sum(tf.mul(s.variance, v.b))]);
    };
    assertSameAsCpu(`[${shape}] through mean and variance`, () => tf.grads(loss)([v.x, v.scale, v.offset]),
      { tol: 5e-4, native: 'batchNormTrainingGrad' });
    const unscaled = (x: tf.Tensor) => batchNormTraining(x, null, null, EPSILON).y;
    assertSameAsCpu(`[${shape}] without scale and offset`, () => tf.grad(unscaled)(v.x, v.dy),
      { tol: 5e-4, native: 'batchNormTrainingGrad' });
    tf.dispose(Object.values(v));
  });
});

test('batchNormTraining refuses what it does not cover with a message naming it', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  tf.setBackend('onednn');
  assert.throws(() => batchNormTraining(tf.zeros([5]), null, null, EPSILON), /rank 2 or more.*\[5\]/);
  assert.throws(() => batchNormTraining(tf.zeros([2, 3], 'int32'), null, null, EPSILON), /float32.*int32/);
  assert.throws(() => batchNormTraining(tf.zeros([2, 3]), tf.ones([4]) as tf.Tensor1D, null, EPSILON),
    /scale as float32 \[3\], got float32 \[4\]/);
  assert.throws(() => batchNormTraining(tf.zeros([0, 3]), null, null, EPSILON), /non-empty.*\[0, 3\]/);
});

test('batchNormTraining and its gradient throw a TypeError naming the argument at fault', (t) => {
  const addon = loadNativeAddon();
  if (addon === null) return t.skip(NOT_BUILT);
  const [x, c, out] = [new Float32Array(12), new Float32Array(4), new Float32Array(12)];
  assert.throws(() => addon.batchNormTraining(x, new Float32Array(5), c),
    { name: 'TypeError', message: /batchNormTraining: argument mean must have a length dividing x's/ });
  assert.throws(() => addon.batchNormTraining(x, c, new Float32Array(3)),
    { name: 'TypeError', message: /batchNormTraining: argument variance must have 4 elements/ });
  assert.throws(() => addon.batchNormTrainingGrad(x, new Float32Array(11), c, c, null, null, null, null, out, c, c, 1e-3,
    'linear'),
    { name: 'TypeError', message: /batchNormTrainingGrad: argument x must have 12 elements/ });
  assert.throws(() => addon.batchNormTrainingGrad(x, x, c, c, null, null, new Float32Array(2), null, out, c, c, 1e-3,
    'linear'),
    { name: 'TypeError', message: /batchNormTrainingGrad: argument dmean must have 4 elements/ });
  assert.throws(() => addon.batchNormTrainingGrad(x, x, c, c, null, null, null, null, out, c, new Float32Array(3), 1e-3,
    'relu6'),
    { name: 'TypeError', message: /batchNormTrainingGrad: argument doffset must have 4 elements/ });
});

test('a relu or relu6 of batchNormTraining\'s output joins it in one pass, equal to cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const v = operands([7, 5, 3, 6], 300);
  const activations: [string, (y: tf.Tensor) => tf.Tensor, 'relu' | 'relu6'][] = [
    ['relu', (y) => tf.relu(y), 'relu'], ['relu6', (y) => tf.relu6(tf.mul(y, 4)), 'relu6']];
  for (const [name, act, entry] of activations) {
    // relu6's input is scaled so that values beyond 6 occur; then it reads a Multiply's output, not the pending one.
    const joined = name === 'relu' ? act : (y: tf.Tensor) => tf.relu6(y);
    const normalised = () => batchNormTraining(v.x, v.scale, v.offset, EPSILON).y;
    assertSameAsCpu(`${name} of the output`, () => tf.tidy(() => joined(normalised())),
      { tol: 1e-4, native: 'fusedBatchNorm' });
    assertSameAsCpu(`${name} after a multiply`, () => tf.tidy(() => act(normalised())), { tol: 1e-4 });
    tf.setBackend('onednn');
    const elementwise = countNativeCalls(entry, () => tf.tidy(() => {
      joined(batchNormTraining(v.x, v.scale, v.offset, EPSILON).y).dataSync();
    }));
    assert.equal(elementwise, 0, `${name} ran its own pass`);
  }
  // The normalised output read as well as its relu: each from its own recipe.
  assertSameAsCpu('output and its relu', () => tf.tidy(() => {
    const { y } = batchNormTraining(v.x, v.scale, v.offset, EPSILON);
    return [tf.relu(y), y];
  }), { tol: 1e-4 });
  tf.dispose(Object.values(v));
});

test('relu6\'s gradient of batchNormTraining\'s output joins the batch-norm gradient, equal to cpu', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  [[9, 6, 5, 7], [100, 14, 14, 16]].forEach((shape, i) => {
    // x scaled so that the normalised values pass 6 and 0 where the scale is large.
    const v = operands(shape, 400 + i);
    const bigScale = tf.tidy(() => tf.mul(v.scale, 5)) as tf.Tensor1D;
    const f = (x: tf.Tensor, scale: tf.Tensor, offset: tf.Tensor) =>
      tf.relu6(batchNormTraining(x, scale as tf.Tensor1D, offset as tf.Tensor1D, EPSILON).y);
    assertSameAsCpu(`[${shape}]`, () => tf.grads(f)([v.x, bigScale, v.offset], v.dy),
      { tol: 5e-4, native: 'batchNormTrainingGrad' });
    tf.setBackend('onednn');
    const separate = ['relu6Grad', 'normalisedRelu6Grad', 'fusedBatchNorm'] as const;
    for (const entry of separate) {
      const calls = countNativeCalls(entry, () => tf.dispose(tf.grads(f)([v.x, bigScale, v.offset], v.dy)));
      assert.equal(calls, 0, `${entry} ran`);
    }
    // relu6's gradient read on its own as well: computed from its recipe.
    const both = (x: tf.Tensor) => {
      const y = batchNormTraining(x, bigScale, v.offset, EPSILON).y;
      return tf.addN([tf.sum(tf.mul(tf.relu6(y), v.dy)), tf.sum(tf.mul(y, v.a))]);
    };
    assertSameAsCpu(`[${shape}] relu6 and the output`, () => tf.grad(both)(v.x), { tol: 5e-4 });
    tf.dispose([...Object.values(v), bigScale]);
  });
});
