// 64-byte aligned float32 storage on the onednn backend: the native allocation itself, and the backend
// storing every large float32 tensor aligned whatever alignment its values arrived with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { ALIGNED_MINIMUM_BYTES, alignedFloat32, newFloat32 } from '../../src/backend/aligned_memory.js';
import { loadNativeAddon } from '../../src/backend/native_addon.js';
import { OneDnnBackend, registerOneDnnBackend } from '../../src/backend/onednn_backend.js';

const addon = loadNativeAddon();
const skip = addon === null ? 'the oneDNN addon is not built' : false;
const LARGE = ALIGNED_MINIMUM_BYTES / 4 + 3;

/** Views at byte offsets 0, 16, 32 and 48 of one buffer: at least three of them off a 64-byte boundary. */
function viewsAtEveryOffset(length: number): Float32Array[] {
  const buffer = new ArrayBuffer(length * 4 + 64);
  return [0, 16, 32, 48].map((offset) => {
    const view = new Float32Array(buffer, offset, length);
    for (let i = 0; i < length; i++) view[i] = i * 0.5 - offset;
    return view;
  });
}

test('newFloat32 of a large size is aligned and zero-filled, or left unfilled on request', { skip }, () => {
  assert.ok(addon !== null);
  for (const zeroFill of [true, false]) {
    const values = newFloat32(addon, LARGE, zeroFill);
    assert.equal(values.length, LARGE);
    assert.equal(addon.byteMisalignment(values), 0);
    if (zeroFill) assert.ok(values.every((v) => v === 0));
  }
  assert.equal(addon.byteMisalignment(newFloat32(addon, 5)) % 16, 0, 'small arrays are ordinary ones');
  const misalignments = viewsAtEveryOffset(LARGE).map((view) => addon.byteMisalignment(view));
  assert.deepEqual(misalignments.map((m) => (m - misalignments[0] + 64) % 64), [0, 16, 32, 48]);
});

test('alignedFloat32 copies only what is misaligned, and copies exactly', { skip }, () => {
  assert.ok(addon !== null);
  for (const view of viewsAtEveryOffset(LARGE)) {
    const aligned = alignedFloat32(addon, view);
    assert.equal(addon.byteMisalignment(aligned), 0);
    assert.equal(aligned === view, addon.byteMisalignment(view) === 0);
    assert.deepEqual(Array.from(aligned), Array.from(view));
  }
  const small = new Float32Array(8);
  assert.equal(alignedFloat32(addon, small), small, 'small arrays are left alone');
});

test('the onednn backend stores large float32 tensors aligned; reads, bytes() and saving see exactly their values', { skip }, async () => {
  assert.ok(addon !== null && registerOneDnnBackend());
  await tf.setBackend('onednn');
  try {
    const backend = tf.backend();
    assert.ok(backend instanceof OneDnnBackend);
    for (const view of viewsAtEveryOffset(LARGE)) {
      const tensor = tf.tensor1d(view);
      const stored = backend.data.get(tensor.dataId).values as Float32Array;
      assert.equal(addon.byteMisalignment(stored), 0);
      assert.deepEqual(Array.from(tensor.dataSync()), Array.from(view));
      assert.deepEqual(Array.from(await tensor.data()), Array.from(view));
      assert.deepEqual(await tensor.bytes(), new Uint8Array(view.slice().buffer), 'bytes() reads .buffer whole');
      // tf.io.encodeWeights reads each array's whole .buffer: an aligned copy must not carry extra bytes.
      const { data, specs } = await tf.io.encodeWeights({ w: tensor });
      const decoded = tf.io.decodeWeights(data, specs).w;
      assert.deepEqual(Array.from(decoded.dataSync()), Array.from(view));
      tf.dispose([tensor, decoded]);
    }
    const product = tf.tidy(() => tf.matMul(tf.ones([40, 50]), tf.ones([50, 60])));
    assert.equal(addon.byteMisalignment(backend.data.get(product.dataId).values as Float32Array), 0);
    assert.ok(product.dataSync().every((v) => v === 50));
    product.dispose();
  } finally {
    await tf.setBackend('cpu');
  }
});
