// In-place edits of a variable's storage (host_values.ts): they reach the variable, never an array its
// caller handed to tf.tensor(), which TF.js stores by reference, on the onednn and the cpu backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { newFloat32 } from '../../src/backend/aligned_memory.js';
import { editVariables, ownStorage } from '../../src/backend/host_values.js';
import { loadNativeAddon } from '../../src/backend/native_addon.js';
import { sgdVariableInPlace } from '../../src/backend/native_sgd.js';
import { registerOneDnnBackend } from '../../src/backend/onednn_backend.js';

const addon = loadNativeAddon();
const LENGTH = 4096;

/** A 64-byte aligned array of 1, 2, 3, ...: the onednn backend stores such an array as it is. */
function callerArray(): Float32Array {
  const values = addon === null ? new Float32Array(LENGTH) : newFloat32(addon, LENGTH);
  values.forEach((_, i) => { values[i] = i + 1; });
  return values;
}

test('the onednn in-place SGD updates the variable and leaves the caller\'s array alone',
  { skip: addon === null ? 'the oneDNN addon is not built' : false }, async () => {
    assert.ok(registerOneDnnBackend());
    await tf.setBackend('onednn');
    const given = callerArray();
    const initial = tf.tensor1d(given);
    const variable = tf.variable(initial, true, 'host_values_sgd');
    initial.dispose();
    const gradient = tf.ones([LENGTH]);
    assert.equal(sgdVariableInPlace(variable, gradient, 0.5), true);
    assert.equal(sgdVariableInPlace(variable, gradient, 0.5), true);
    assert.deepEqual(Array.from(given.slice(0, 3)), [1, 2, 3], 'the caller\'s array is unchanged');
    assert.deepEqual(Array.from(variable.dataSync().slice(0, 3)), [0, 1, 2], 'both steps reached the variable');
    // After the first edit the storage is the variable's own: later edits write it in place.
    assert.equal(ownStorage(variable), ownStorage(variable));
    tf.dispose([variable, gradient]);
    await tf.setBackend('cpu');
  });

test('editVariables on the cpu backend leaves the caller\'s array alone', async () => {
  await tf.setBackend('cpu');
  const given = callerArray();
  const initial = tf.tensor1d(given);
  const variable = tf.variable(initial, true, 'host_values_edit');
  initial.dispose();
  editVariables([variable], ([values]) => values.fill(7));
  assert.equal(given[0], 1);
  assert.equal(variable.dataSync()[0], 7);
  variable.dispose();
});
