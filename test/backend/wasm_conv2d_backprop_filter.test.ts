// The wasm backend's Conv2DBackpropFilter against the cpu backend's, on seeded inputs: SAME, VALID and
// explicit padding, strides 1 and 2, batch 1 and more, odd sizes, NCHW; plus tf.grad of conv2d end to end.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// Importing tfjs-layers registers tfjs-core's gradients in Node, which tf.grads needs.
import '@tensorflow/tfjs-layers';
import { registerWasmConv2DBackpropFilter } from '../../src/backend/wasm_conv2d_backprop_filter.js';

tf.enableProdMode();

before(async () => {
  registerWasmConv2DBackpropFilter();
  assert.ok(await tf.setBackend('wasm'));
});

interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** The kernel's result on `backend` for seeded x and dy, as a plain array. */
async function backpropFilter(backend: string, c: Case, seed: number): Promise<Float32Array> {
  await tf.setBackend(backend);
  const dataFormat = c.dataFormat ?? 'NHWC';
  const nhwc = tf.randomNormal(c.x, 0, 1, 'float32', seed);
  const x = dataFormat === 'NCHW' ? tf.transpose(nhwc, [0, 3, 1, 2]) : nhwc;
  const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad, c.dimRoundingMode);
  const dyNhwc = tf.randomNormal([c.x[0], info.outHeight, info.outWidth, c.filter[3]], 0, 1, 'float32', seed + 1);
  const dy = dataFormat === 'NCHW' ? tf.transpose(dyNhwc, [0, 3, 1, 2]) : dyNhwc;
  const before = tf.memory().numTensors;
  const attrs: tf.NamedAttrMap = { strides: c.strides, pad: c.pad, dataFormat, filterShape: c.filter };
  if (c.dimRoundingMode !== undefined) attrs.dimRoundingMode = c.dimRoundingMode;
  const dw = tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, attrs) as tf.Tensor;
  assert.equal(tf.memory().numTensors, before + 1, `${backend}: the kernel leaves only its output`);
  assert.deepEqual(dw.shape, c.filter);
  const values = dw.dataSync() as Float32Array;
  tf.dispose([nhwc, x, dyNhwc, dy, dw]);
  return values;
}

function assertClose(actual: Float32Array, expected: Float32Array, label: string): void {
  const scale = Math.max(1, ...expected.map(Math.abs));
  for (let i = 0; i < expected.length; i++) {
    const diff = Math.abs(actual[i] - expected[i]);
    assert.ok(diff <= 1e-5 * scale, `${label}: index ${i} is ${actual[i]}, cpu gives ${expected[i]} (diff ${diff})`);
  }
}

const CASES: [string, Case][] = [
  ['SAME stride 1 batch 1', { x: [1, 6, 6, 1], filter: [5, 5, 1, 4], strides: 1, pad: 'same' }],
  ['VALID stride 1 batch 3', { x: [3, 7, 9, 2], filter: [3, 2, 2, 5], strides: 1, pad: 'valid' }],
  ['SAME stride 2 odd size', { x: [2, 9, 7, 3], filter: [3, 3, 3, 4], strides: 2, pad: 'same' }],
  ['VALID stride 2 batch 2', { x: [2, 8, 8, 2], filter: [2, 3, 2, 3], strides: [2, 1], pad: 'valid' }],
  ['numeric pad 1', { x: [2, 5, 6, 2], filter: [3, 3, 2, 2], strides: 1, pad: 1 }],
  ['explicit pad', { x: [1, 5, 5, 2], filter: [3, 3, 2, 3], strides: 2, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] }],
  ['NCHW', { x: [2, 6, 5, 3], filter: [3, 3, 3, 2], strides: 1, pad: 'same', dataFormat: 'NCHW' }],
  ['5x5 SAME, many channels', { x: [2, 7, 7, 16], filter: [5, 5, 16, 24], strides: 1, pad: 'same' }],
  ['VALID stride 2 with an unused last row', { x: [2, 8, 9, 2], filter: [3, 3, 2, 3], strides: 2, pad: 'valid' }],
  ['ceil rounding', { x: [1, 6, 6, 1], filter: [3, 3, 1, 2], strides: 2, pad: 0, dimRoundingMode: 'ceil' }],
];

for (const [name, c] of CASES) {
  test(`wasm equals cpu: ${name}`, async () => {
    const expected = await backpropFilter('cpu', c, 3);
    const actual = await backpropFilter('wasm', c, 3);
    assertClose(actual, expected, name);
  });
}

test('tf.grad of conv2d on wasm equals cpu, for the filter and the input', async () => {
  const run = async (backend: string) => {
    await tf.setBackend(backend);
    const x = tf.randomNormal([2, 8, 8, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 3, 4], 0, 1, 'float32', 8) as tf.Tensor4D;
    const loss = (xs: tf.Tensor, ws: tf.Tensor) =>
      tf.sum(tf.square(tf.conv2d(xs as tf.Tensor4D, ws as tf.Tensor4D, 2, 'same')));
    const before = tf.memory().numTensors;
    const [dx, dw] = tf.grads(loss)([x, w]);
    assert.equal(tf.memory().numTensors, before + 2, `${backend}: only the two gradients remain`);
    const values = [dx.dataSync() as Float32Array, dw.dataSync() as Float32Array];
    tf.dispose([x, w, dx, dw]);
    return values;
  };
  const [cpuDx, cpuDw] = await run('cpu');
  const [wasmDx, wasmDw] = await run('wasm');
  assertClose(wasmDw, cpuDw, 'dW');
  assertClose(wasmDx, cpuDx, 'dx');
});
