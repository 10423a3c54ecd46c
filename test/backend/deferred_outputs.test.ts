// Deferred native outputs on the onednn backend (Conv2DBackpropInput's dx): computed only when read, with
// the values the cpu backend gives even when their inputs were disposed, reused or updated in place in
// between, and nothing left behind by an output disposed unread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { sgdVariableInPlace } from '../../src/backend/native_sgd.js';
import { OneDnnBackend } from '../../src/backend/onednn_backend.js';
import { assertAllClose, seededValues, skipWithoutAddon } from './kernels/backend_compare.js';
import { countNativeCalls, oneDnnAvailable } from './kernels/onednn_test_utils.js';

// Large enough for dy to come from, and go back to, the buffer pool (256 KB).
const X_SHAPE: [number, number, number, number] = [4, 28, 28, 8];
const FILTER_SHAPE: [number, number, number, number] = [5, 5, 8, 16];
const DY_SHAPE = [4, 28, 28, 16];
const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const dyValues = seededValues(size(DY_SHAPE), 21);
const filterValues = seededValues(size(FILTER_SHAPE), 22);

/** dx for dy and filter from the cpu backend's kernel. */
async function cpuDx(filter = filterValues): Promise<Float32Array> {
  await tf.setBackend('cpu');
  const dx = tf.tidy(() => tf.conv2dTranspose(tf.tensor4d(dyValues, DY_SHAPE as [number, number, number, number]),
    tf.tensor4d(filter, FILTER_SHAPE), X_SHAPE, 1, 'same'));
  const values = Float32Array.from(dx.dataSync());
  dx.dispose();
  return values;
}

/** conv2dTranspose is TF.js's Conv2DBackpropInput kernel itself. */
function backpropInput(dy: tf.Tensor, filter: tf.Tensor): tf.Tensor {
  return tf.conv2dTranspose(dy as tf.Tensor4D, filter as tf.Tensor4D, X_SHAPE, 1, 'same');
}

test('a fused conv gradient with respect to the filter alone never computes dx', { skip: skipWithoutAddon }, async () => {
  assert.ok(oneDnnAvailable());
  await tf.setBackend('onednn');
  const x = tf.tensor4d(seededValues(size(X_SHAPE), 23), X_SHAPE);
  const filter = tf.tensor4d(filterValues, FILTER_SHAPE);
  const before = tf.memory();
  let gradient: tf.Tensor | undefined;
  // tf.fused.conv2d with a linear activation runs FusedConv2D, whose gradient asks for dx as well.
  const calls = countNativeCalls('conv2dBackpropInput', () => {
    gradient = tf.grad((f: tf.Tensor) => tf.sum(tf.fused.conv2d({ x, filter: f as tf.Tensor4D, strides: 1,
      pad: 'same' })))(filter);
    gradient.dataSync();
  });
  assert.equal(calls, 0);
  gradient?.dispose();
  assert.equal(tf.memory().numTensors, before.numTensors);
  assert.equal(tf.memory().numDataBuffers, before.numDataBuffers, 'the held dy is forgotten by the engine too');
  tf.dispose([x, filter]);
  await tf.setBackend('cpu');
});

test('a deferred dx read after its inputs were disposed and their buffers reused', { skip: skipWithoutAddon }, async () => {
  const expected = await cpuDx();
  await tf.setBackend('onednn');
  const before = tf.memory().numDataBuffers;
  const dy = tf.tensor(dyValues, DY_SHAPE);
  const filter = tf.tensor4d(filterValues, FILTER_SHAPE);
  let dx: tf.Tensor | undefined;
  const calls = countNativeCalls('conv2dBackpropInput', () => {
    dx = backpropInput(dy, filter);
  });
  assert.equal(calls, 0, 'not computed before it is read');
  tf.dispose([dy, filter]);
  // New tensors of dy's size take pooled buffers; none may be dy's while dx still needs it.
  const others = [7, -3].map((value) => tf.tidy(() => tf.relu(tf.fill(DY_SHAPE, value))));
  assertAllClose(dx?.dataSync() ?? [], expected, 'dx');
  tf.dispose([...others, dx as tf.Tensor]);
  assert.equal(tf.memory().numDataBuffers, before);
  await tf.setBackend('cpu');
});

test('an in-place SGD step leaves a pending dx its filter unchanged', { skip: skipWithoutAddon }, async () => {
  const expected = await cpuDx();
  await tf.setBackend('onednn');
  const filter = tf.tidy(() => tf.variable(tf.tensor4d(filterValues, FILTER_SHAPE), true, 'deferred_outputs_filter'));
  const dy = tf.tensor(dyValues, DY_SHAPE);
  const dx = backpropInput(dy, filter);
  const step = tf.ones(FILTER_SHAPE);
  // The pending dx holds the filter's storage, so the in-place update declines to write it ...
  assert.equal(sgdVariableInPlace(filter, step, 0.5), false);
  assertAllClose(dx.dataSync(), expected, 'dx');
  // ... and takes it once dx is computed and has let the filter go.
  assert.equal(sgdVariableInPlace(filter, step, 0.5), true);
  assertAllClose(filter.dataSync(), filterValues.map((v) => Math.fround(v - 0.5)), 'filter');
  tf.dispose([filter, dy, dx, step]);
  await tf.setBackend('cpu');
});

test('a deferred output whose computation throws rethrows on every read and disposes cleanly',
  { skip: skipWithoutAddon }, async () => {
    assert.ok(oneDnnAvailable());
    await tf.setBackend('onednn');
    const backend = tf.backend();
    assert.ok(backend instanceof OneDnnBackend);
    const before = tf.memory();
    const input = tf.tensor1d(seededValues(8, 24));
    let computed = 0;
    const info = backend.deferredOutputs.defer('Failing', [DY_SHAPE[0], 70000], [input], (out) => {
      computed += 1;
      out.fill(1);
      throw new Error('the native call failed');
    });
    const output = tf.engine().makeTensorFromTensorInfo(info);
    input.dispose();
    for (let read = 0; read < 3; read++) {
      assert.throws(() => output.dataSync(), /the native call failed/, `read ${read}`);
    }
    await assert.rejects(output.data(), /the native call failed/);
    assert.throws(() => tf.add(output, 1), /the native call failed/, 'a kernel reading it');
    assert.equal(computed, 1, 'computed once; later reads rethrow');
    output.dispose();
    assert.equal(tf.memory().numTensors, before.numTensors);
    assert.equal(tf.memory().numDataBuffers, before.numDataBuffers, 'the held input is let go');
    await tf.setBackend('cpu');
  });
