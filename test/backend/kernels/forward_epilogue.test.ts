// A bias add and a relu joined onto a pending conv or matmul output (forward_epilogue.ts): one fused native
// call gives the cpu backend's values for the relu, the sum and the bare op alike, with their gradients,
// and intermediates nobody reads are never computed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { assertAllClose, onBothBackends, seededValues, skipWithoutAddon } from './backend_compare.js';
import { countNativeCalls, oneDnnAvailable } from './onednn_test_utils.js';

const X_SHAPE: [number, number, number, number] = [2, 7, 5, 3];
const FILTER_SHAPE: [number, number, number, number] = [3, 3, 3, 4];
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const x0 = seededValues(size(X_SHAPE), 51);
const filter0 = seededValues(size(FILTER_SHAPE), 52);
const bias0 = seededValues(4, 53);
const A_SHAPE = [6, 5];
const B_SHAPE = [5, 4];
const a0 = seededValues(size(A_SHAPE), 54);
const b0 = seededValues(size(B_SHAPE), 55);

/** conv -> + bias -> relu as tfjs-layers runs it under a tape: the three unfused ops. */
function convLayer(x: tf.Tensor, filter: tf.Tensor, bias: tf.Tensor) {
  const conv = tf.conv2d(x as tf.Tensor4D, filter as tf.Tensor4D, 1, 'same');
  const sum = tf.add(conv, bias);
  return { conv, sum, out: tf.relu(sum) };
}

function denseLayer(a: tf.Tensor, b: tf.Tensor, bias: tf.Tensor) {
  const product = tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D);
  const sum = tf.add(product, bias);
  return { conv: product, sum, out: tf.relu(sum) };
}

const LAYERS = [
  { name: 'conv2d', fused: 'fusedConv2d', plain: 'conv2d', layer: () => convLayer(tf.tensor4d(x0, X_SHAPE),
    tf.tensor4d(filter0, FILTER_SHAPE), tf.tensor1d(bias0)) },
  { name: 'matMul', fused: 'fusedMatMul', plain: 'batchMatMul', layer: () => denseLayer(tf.tensor(a0, A_SHAPE),
    tf.tensor(b0, B_SHAPE), tf.tensor1d(bias0)) },
] as const;

for (const { name, fused, plain, layer } of LAYERS) {
  test(`${name} + bias + relu: one fused call, the cpu backend's values`, { skip: skipWithoutAddon }, async () => {
    assert.ok(oneDnnAvailable());
    await tf.setBackend('onednn');
    const before = tf.memory();
    let out: Float32Array = new Float32Array();
    const fusedCalls = countNativeCalls(fused, () => {
      const plainCalls = countNativeCalls(plain, () => {
        out = tf.tidy(() => Float32Array.from(layer().out.dataSync()));
      });
      assert.equal(plainCalls, 0, `${plain} never runs: its output is not read`);
    });
    assert.equal(fusedCalls, 1);
    assert.equal(tf.memory().numTensors, before.numTensors);
    assert.equal(tf.memory().numDataBuffers, before.numDataBuffers);
    const { cpu } = await onBothBackends(() => [layer().out]);
    assertAllClose(out, cpu[0], `${name} relu output`);
  });

  test(`${name} + bias + relu: each intermediate read has its own values`, { skip: skipWithoutAddon }, async () => {
    const { cpu, onednn } = await onBothBackends(() => {
      const { conv, sum, out } = layer();
      // Read in the opposite order of creation: the relu first, then what it was joined onto.
      return [out, sum, conv];
    });
    ['relu', 'sum', name].forEach((what, i) => assertAllClose(onednn[i], cpu[i], what));
  });
}

test('gradients through a joined conv, bias and relu match cpu', { skip: skipWithoutAddon }, async () => {
  const { cpu, onednn } = await onBothBackends(() => {
    const x = tf.tensor4d(x0, X_SHAPE);
    const weights = tf.tensor(seededValues(2 * 7 * 5 * 4, 56), [2, 7, 5, 4]);
    const loss = (f: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(convLayer(x, f, b).out, weights));
    const [dFilter, dBias] = tf.grads(loss)([tf.tensor4d(filter0, FILTER_SHAPE), tf.tensor1d(bias0)]);
    return [dFilter, dBias];
  });
  assertAllClose(onednn[0], cpu[0], 'filter gradient');
  assertAllClose(onednn[1], cpu[1], 'bias gradient');
});

test('an add that is not a per-channel bias is not joined', { skip: skipWithoutAddon }, async () => {
  const { cpu, onednn } = await onBothBackends(() => {
    const conv = tf.conv2d(tf.tensor4d(x0, X_SHAPE), tf.tensor4d(filter0, FILTER_SHAPE), 1, 'same');
    // [7, 5, 4] broadcasts over the batch, not one value per channel.
    const full = tf.tensor(seededValues(7 * 5 * 4, 57), [7, 5, 4]);
    return [tf.relu(tf.add(conv, full))];
  });
  assertAllClose(onednn[0], cpu[0], 'relu of a full add');
});

// A float32 tensor cast from int32 or bool keeps its input's Int32Array or Uint8Array on the cpu backend.
for (const dtype of ['int32', 'bool'] as const) {
  test(`a bias cast from ${dtype} joins a matmul and a conv with its values`, { skip: skipWithoutAddon }, async () => {
    const { cpu, onednn } = await onBothBackends(() => {
      const castBias = (values: number[]) => tf.cast(tf.tensor1d(values, dtype), 'float32');
      const matBias = dtype === 'int32' ? [10, 20, -3, 7] : [1, 0, 1, 1];
      const matMul = tf.add(tf.matMul(tf.tensor(a0, A_SHAPE), tf.tensor(b0, B_SHAPE)), castBias(matBias));
      const conv = convLayer(tf.tensor(x0, X_SHAPE), tf.tensor(filter0, FILTER_SHAPE), castBias(matBias));
      const eye = tf.add(tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.eye(2)), castBias(matBias.slice(0, 2)));
      return [matMul, tf.relu(matMul), conv.sum, conv.out, eye];
    });
    cpu.forEach((expected, i) => assertAllClose(onednn[i], expected, `output ${i}`));
  });
}
