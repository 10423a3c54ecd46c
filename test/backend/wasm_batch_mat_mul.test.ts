// The wasm BatchMatMul front against the cpu backend's, for every transpose combination, batched and
// broadcast operands, and without leaking the transposed copies.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { registerWasmBatchMatMul } from '../../src/backend/wasm_batch_mat_mul.js';

tf.enableProdMode();

before(async () => {
  registerWasmBatchMatMul();
  assert.ok(await tf.setBackend('wasm'));
});

async function product(backend: string, aShape: number[], bShape: number[], ta: boolean, tb: boolean) {
  await tf.setBackend(backend);
  const a = tf.randomNormal(aShape, 0, 1, 'float32', 1);
  const b = tf.randomNormal(bShape, 0, 1, 'float32', 2);
  const before = tf.memory().numTensors;
  const c = tf.matMul(a, b, ta, tb);
  assert.equal(tf.memory().numTensors, before + 1, `${backend}: only the product remains`);
  const result = { shape: c.shape, values: c.dataSync() as Float32Array };
  tf.dispose([a, b, c]);
  return result;
}

const CASES: [number[], number[], boolean, boolean][] = [
  [[5, 7], [7, 3], false, false],
  [[7, 5], [7, 3], true, false],
  [[5, 7], [3, 7], false, true],
  [[7, 5], [3, 7], true, true],
  [[2, 7, 5], [2, 7, 4], true, false],
  [[3, 4, 6], [1, 5, 6], false, true],
  [[40, 30], [40, 20], true, false],
];

for (const [aShape, bShape, ta, tb] of CASES) {
  test(`wasm equals cpu: [${aShape}] x [${bShape}], transposeA ${ta}, transposeB ${tb}`, async () => {
    const expected = await product('cpu', aShape, bShape, ta, tb);
    const actual = await product('wasm', aShape, bShape, ta, tb);
    assert.deepEqual(actual.shape, expected.shape);
    for (let i = 0; i < expected.values.length; i++) {
      const diff = Math.abs(actual.values[i] - expected.values[i]);
      assert.ok(diff <= 1e-5 * Math.max(1, Math.abs(expected.values[i])),
        `index ${i}: wasm ${actual.values[i]}, cpu ${expected.values[i]}`);
    }
  });
}
