// The wasm Conv2DBackpropInput front against the cpu backend's: stride 1 (our convolution path) with
// SAME, VALID, numeric and explicit padding, plus stride 2 and NCHW (handed to the original kernel).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmConv2DBackpropInput } from '../../src/backend/wasm_conv2d_backprop_input.js';

tf.enableProdMode();

before(async () => {
  registerWasmConv2DBackpropInput();
  assert.ok(await tf.setBackend('wasm'));
});

interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number;
  pad: 'same' | 'valid' | number | tf.backend_util.ExplicitPadding;
  dataFormat?: 'NHWC' | 'NCHW';
}

async function backpropInput(backend: string, c: Case): Promise<Float32Array> {
  await tf.setBackend(backend);
  const dataFormat = c.dataFormat ?? 'NHWC';
  const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad);
  const dyNhwc = tf.randomNormal([c.x[0], info.outHeight, info.outWidth, c.filter[3]], 0, 1, 'float32', 4);
  const dy = dataFormat === 'NCHW' ? tf.transpose(dyNhwc, [0, 3, 1, 2]) : dyNhwc;
  const filter = tf.randomNormal(c.filter, 0, 1, 'float32', 5);
  const inputShape = dataFormat === 'NCHW' ? [c.x[0], c.x[3], c.x[1], c.x[2]] : c.x;
  const before = tf.memory().numTensors;
  const dx = tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter },
    { strides: c.strides, pad: c.pad, dataFormat, inputShape }) as tf.Tensor;
  assert.equal(tf.memory().numTensors, before + 1, `${backend}: the kernel leaves only its output`);
  assert.deepEqual(dx.shape, inputShape);
  const values = dx.dataSync() as Float32Array;
  tf.dispose([dyNhwc, dy, filter, dx]);
  return values;
}

const CASES: [string, Case][] = [
  ['SAME 5x5', { x: [2, 7, 6, 3], filter: [5, 5, 3, 4], strides: 1, pad: 'same' }],
  ['SAME even 4x2 kernel', { x: [1, 6, 5, 2], filter: [4, 2, 2, 3], strides: 1, pad: 'same' }],
  ['VALID', { x: [3, 8, 7, 2], filter: [3, 2, 2, 5], strides: 1, pad: 'valid' }],
  ['numeric pad 2', { x: [1, 5, 5, 2], filter: [3, 3, 2, 2], strides: 1, pad: 2 }],
  ['explicit pad larger than the kernel reach', { x: [1, 5, 6, 1], filter: [2, 3, 1, 2], strides: 1, pad: [[0, 0], [3, 0], [0, 2], [0, 0]] }],
  ['stride 2 (original kernel)', { x: [2, 9, 8, 2], filter: [3, 3, 2, 3], strides: 2, pad: 'same' }],
  ['NCHW (original kernel)', { x: [1, 6, 6, 2], filter: [3, 3, 2, 2], strides: 1, pad: 'same', dataFormat: 'NCHW' }],
];

for (const [name, c] of CASES) {
  test(`wasm equals cpu: ${name}`, async () => {
    const expected = await backpropInput('cpu', c);
    const actual = await backpropInput('wasm', c);
    const scale = Math.max(1, ...expected.map(Math.abs));
    for (let i = 0; i < expected.length; i++) {
      const diff = Math.abs(actual[i] - expected[i]);
      assert.ok(diff <= 1e-5 * scale, `${name}: index ${i} is ${actual[i]}, cpu gives ${expected[i]}`);
    }
  });
}
