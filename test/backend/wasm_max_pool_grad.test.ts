// The wasm MaxPoolGrad replacement against the cpu backend's kernel, on seeded inputs: VALID and SAME,
// overlapping windows, strides, odd sizes, many channels; and on hand-made ties and a hand-computed case.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmMaxPoolGrad } from '../../src/backend/wasm_max_pool_grad.js';

tf.enableProdMode();

before(async () => {
  registerWasmMaxPoolGrad();
  assert.ok(await tf.setBackend('wasm'));
});

interface Case {
  x: [number, number, number, number];
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'same' | 'valid' | number;
}

async function maxPoolGrad(backend: string, c: Case, values?: number[]): Promise<Float32Array> {
  await tf.setBackend(backend);
  const x = values === undefined ? tf.randomNormal(c.x, 0, 1, 'float32', 6) as tf.Tensor4D : tf.tensor4d(values, c.x);
  const y = tf.maxPool(x, c.filterSize, c.strides, c.pad);
  const dy = tf.randomNormal(y.shape, 0, 1, 'float32', 7);
  const before = tf.memory().numTensors;
  const dx = tf.engine().runKernel(tf.MaxPoolGrad, { dy, input: x, output: y },
    { filterSize: c.filterSize, strides: c.strides, pad: c.pad }) as tf.Tensor;
  assert.equal(tf.memory().numTensors, before + 1, `${backend}: the kernel leaves only its output`);
  const result = dx.dataSync() as Float32Array;
  tf.dispose([x, y, dy, dx]);
  return result;
}

const CASES: [string, Case][] = [
  ['2x2 VALID on 8x8 (where the wasm kernel drops windows)', { x: [1, 8, 8, 1], filterSize: 2, strides: 2, pad: 'valid' }],
  ['seed-mnist pool1 shape, smaller batch', { x: [2, 28, 28, 32], filterSize: 2, strides: 2, pad: 'same' }],
  ['SAME with a partial last window', { x: [2, 7, 5, 3], filterSize: 2, strides: 2, pad: 'same' }],
  ['overlapping 3x3 stride 2', { x: [1, 9, 9, 4], filterSize: 3, strides: 2, pad: 'valid' }],
  ['rectangular window and strides', { x: [2, 6, 9, 2], filterSize: [2, 3], strides: [1, 2], pad: 'same' }],
];

for (const [name, c] of CASES) {
  test(`wasm equals cpu: ${name}`, async () => {
    const expected = await maxPoolGrad('cpu', c);
    const actual = await maxPoolGrad('wasm', c);
    for (let i = 0; i < expected.length; i++) {
      assert.ok(Math.abs(actual[i] - expected[i]) <= 1e-6, `index ${i}: wasm ${actual[i]}, cpu ${expected[i]}`);
    }
  });
}

test('ties go to the first maximum of the window, as on cpu', async () => {
  const c: Case = { x: [1, 2, 4, 1], filterSize: 2, strides: 2, pad: 'valid' };
  const values = [1, 1, 5, 2, 1, 1, 5, 5];
  const expected = await maxPoolGrad('cpu', c, values);
  const actual = await maxPoolGrad('wasm', c, values);
  assert.deepEqual(Array.from(actual), Array.from(expected));
  // Only the first entry of each window receives its gradient.
  assert.deepEqual(Array.from(actual).map((v) => v !== 0), [true, false, true, false, false, false, false, false]);
});

test('overlapping windows add up at a shared maximum (hand-computed)', async () => {
  await tf.setBackend('wasm');
  // 1x3 row, windows of width 2 at stride 1: both windows have their maximum 9 at position 1.
  const x = tf.tensor4d([1, 9, 3], [1, 1, 3, 1]);
  const y = tf.maxPool(x, [1, 2], 1, 'valid');
  const dy = tf.tensor4d([10, 20], [1, 1, 2, 1]);
  const dx = tf.engine().runKernel(tf.MaxPoolGrad, { dy, input: x, output: y },
    { filterSize: [1, 2], strides: 1, pad: 'valid' }) as tf.Tensor;
  assert.deepEqual(Array.from(dx.dataSync()), [0, 30, 0]);
  tf.dispose([x, y, dy, dx]);
});
