// The relu gradient's per-channel sums (channel_sums.ts): the bias gradient that follows a relu, alone or
// pooled, is read from them, with the cpu backend's values, and never for a sum they do not answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { RELU_GRAD } from '../../src/backend/kernels/relu_grad.js';
import { sgdVariableInPlace } from '../../src/backend/native_sgd.js';
import { assertAllClose, onBothBackends, seededValues, skipWithoutAddon } from './kernels/backend_compare.js';
import { countNativeCalls, oneDnnAvailable } from './kernels/onednn_test_utils.js';

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * relu(z + bias), then a 2x2 max pool (stride 2, SAME), the loss weighted per cell; gradients for z and
 * the bias. z [3, 6, 4, 5] pools in windows that tile it; [3, 5, 4, 5] leaves a last row of half windows.
 */
function pooledLayerGradients(shape: [number, number, number, number], pool: boolean): tf.Tensor[] {
  const z = tf.tensor4d(seededValues(size(shape), 61), shape);
  const outShape = pool ? [shape[0], Math.ceil(shape[1] / 2), Math.ceil(shape[2] / 2), shape[3]] : shape;
  const weights = tf.tensor(seededValues(size(outShape), 63), outShape);
  const loss = (input: tf.Tensor, bias: tf.Tensor) => {
    const relu = tf.relu(tf.add(input, bias)) as tf.Tensor4D;
    return tf.sum(tf.mul(pool ? tf.maxPool(relu, 2, 2, 'same') : relu, weights));
  };
  return tf.grads(loss)([z, tf.tensor1d(seededValues(shape[3], 62))]);
}

// lenet5's first layer at batch 100 is above the parallel minimum (2^20 values): the threads split the
// images, each with its own running maxima and partial sums; with 5 channels, several threads' would fit
// in one cache line unpadded.
const CASES: { shape: [number, number, number, number]; pool: boolean }[] = [
  { shape: [3, 6, 4, 5], pool: false }, { shape: [3, 6, 4, 5], pool: true }, { shape: [3, 5, 4, 5], pool: true },
  { shape: [100, 24, 24, 20], pool: false }, { shape: [100, 24, 24, 20], pool: true }, { shape: [400, 24, 24, 5], pool: true },
];

for (const { shape, pool } of CASES) {
  const what = `${pool ? 'relu then max pool' : 'relu'} [${shape}]`;
  test(`${what}: the bias gradient comes from the relu gradient's sums`, { skip: skipWithoutAddon }, async () => {
    assert.ok(oneDnnAvailable());
    const { cpu } = await onBothBackends(() => pooledLayerGradients(shape, pool));
    await tf.setBackend('onednn');
    let onednn: Float32Array[] = [];
    const counts = { sum: 0, reluGrad: 0, maxPoolGrad: 0 };
    counts.sum = countNativeCalls('sum', () => {
      counts.reluGrad = countNativeCalls('reluGrad', () => {
        counts.maxPoolGrad = countNativeCalls('maxPoolGrad', () => {
          onednn = tf.tidy(() => pooledLayerGradients(shape, pool).map((t) => Float32Array.from(t.dataSync())));
        });
      });
    });
    await tf.setBackend('cpu');
    assertAllClose(onednn[0], cpu[0], `${what}: input gradient`);
    assertAllClose(onednn[1], cpu[1], `${what}: bias gradient`);
    // No native sum runs: the bias gradient is read from the sums (the loss sums every axis, which the
    // cpu kernel does).
    assert.equal(counts.sum, 0);
    // Pooled, one native call does both gradients.
    assert.deepEqual([counts.reluGrad, counts.maxPoolGrad], pool ? [0, 1] : [1, 0]);
  });
}

test('sums are not used for another reduction, another last axis, or after an in-place update',
  { skip: skipWithoutAddon }, async () => {
    assert.ok(oneDnnAvailable());
    await tf.setBackend('onednn');
    const rows = seededValues(40, 64);
    const dy = tf.tensor(rows, [8, 5]);
    const x = tf.tensor(seededValues(40, 65), [8, 5]);
    const out = tf.engine().runKernel(RELU_GRAD, { dy, x }) as tf.Tensor;
    const expected = (await out.array()) as number[][];
    const columnSums = (m: number[][]) => m[0].map((_, c) => m.reduce((total, row) => total + row[c], 0));
    assertAllClose(tf.sum(out, 0).dataSync(), columnSums(expected), 'column sums');
    assertAllClose(tf.sum(out, 1).dataSync(), expected.map((row) => row.reduce((a, b) => a + b, 0)), 'row sums');
    const reshaped = tf.reshape(out, [4, 10]);
    const wide = (await reshaped.array()) as number[][];
    assertAllClose(tf.sum(reshaped, 0).dataSync(), columnSums(wide), 'sums over another last axis');
    // A variable made from the output, then updated in place: the sums no longer hold.
    const variable = tf.variable(out, true, 'channel_sums_variable');
    tf.dispose([out, reshaped]);
    assert.equal(sgdVariableInPlace(variable, tf.onesLike(variable), 1), true);
    assertAllClose(tf.sum(variable, 0).dataSync(), columnSums(expected.map((row) => row.map((v) => v - 1))),
      'sums after the update');
    tf.dispose([dy, x, variable]);
    await tf.setBackend('cpu');
  });
