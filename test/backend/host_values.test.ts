// In-place edits of a variable's storage (host_values.ts): they reach the variable, never an array its
// caller handed to tf.tensor(), which TF.js stores by reference, nor one read from the variable before
// the edit, on the onednn and the cpu backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { newFloat32 } from '../../src/backend/aligned_memory.js';
import { editVariables, ownStorage } from '../../src/backend/host_values.js';
import { loadNativeAddon } from '../../src/backend/native_addon.js';
import { proxVariableInPlace } from '../../src/backend/native_prox.js';
import { sgdVariableInPlace } from '../../src/backend/native_sgd.js';
import { registerOneDnnBackend } from '../../src/backend/onednn_backend.js';
import { makeOptimizer } from '../../src/train/optimizers.js';

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

test('a kernel output assigned to a variable is edited where it lies, unless another tensor shares it',
  { skip: addon === null ? 'the oneDNN addon is not built' : false }, async () => {
    assert.ok(registerOneDnnBackend());
    await tf.setBackend('onednn');
    // Pooled sizes (256 KB and up), as tf.train.sgd's new weights are at every step.
    const length = 128 * 1024;
    const variable = tf.variable(tf.zeros([length]), true, 'host_values_assigned');
    const step = tf.ones([length]);
    // Reading computes a deferred kernel output, so its storage is there to compare.
    const stored = () => {
      variable.dataSync();
      return storageOf(variable);
    };
    tf.tidy(() => variable.assign(tf.add(tf.mul(tf.scalar(2), step), variable)));
    const before = stored();
    assert.equal(ownStorage(variable), before, 'no copy: the kernel\'s output is the variable\'s own');
    // A contiguous slice is a view of the same buffer: an in-place edit would reach it, so it is copied.
    tf.tidy(() => variable.assign(tf.add(step, variable)));
    const view = tf.slice(variable, 0, 8);
    const shared = stored();
    const own = ownStorage(variable);
    assert.ok(own !== undefined && own !== shared, 'shared with a view: moved onto a copy');
    own.fill(-1);
    assert.deepEqual(Array.from(view.dataSync()), new Array(8).fill(3));
    tf.dispose([variable, step, view]);
    await tf.setBackend('cpu');
  });

/** The array the backend stores a tensor's values in. */
function storageOf(tensor: tf.Tensor): unknown {
  const backend = tf.backend();
  return backend instanceof MathBackendCPU ? backend.data.get(tensor.dataId).values : undefined;
}

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

/**
 * An array read from the variable (dataSync and data) after a first edit, when the storage is the edits'
 * own, is unchanged by the next edit, which does reach the variable.
 */
async function assertKeptReadsStay(variable: tf.Variable, edit: () => void, what: string): Promise<void> {
  edit();
  const kept = [variable.dataSync(), await variable.data()];
  const before = Array.from(kept[0]);
  edit();
  kept.forEach((values, i) => assert.deepEqual(Array.from(values), before, `${what}: kept read ${i} changed`));
  assert.notDeepEqual(Array.from(variable.dataSync()), before, `${what}: the edit reached the variable`);
}

// Below and above the 4 KB from which the onednn backend aligns storage.
const LENGTHS = [10, LENGTH];

for (const length of LENGTHS) {
  test(`in-place edits on onednn never change an array read before them (${length} values)`,
    { skip: addon === null ? 'the oneDNN addon is not built' : false }, async () => {
      assert.ok(registerOneDnnBackend());
      await tf.setBackend('onednn');
      const initial = () => tf.tensor1d(callerArray().slice(0, length));
      const named = (name: string) => tf.tidy(() => tf.variable(initial(), true, `host_values_${name}_${length}`));
      const sgd = named('sgd');
      const optimizer = makeOptimizer('sgd', 0.5);
      const gradient = tf.ones([length]);
      await assertKeptReadsStay(sgd, () => optimizer.applyGradients({ [sgd.name]: gradient }), 'makeOptimizer sgd');
      const prox = named('prox');
      const params = { group: 0, exclusive: 0, l1: 0.25, grouping: 'output', exclusiveForm: 'exact' } as const;
      await assertKeptReadsStay(prox, () => assert.ok(proxVariableInPlace(prox, params)), 'prox');
      const edited = named('edit');
      await assertKeptReadsStay(edited, () => editVariables([edited], ([values]) => values.forEach((v, i) => {
        values[i] = v + 1;
      })), 'editVariables');
      tf.dispose([sgd, prox, edited, gradient]);
      optimizer.dispose();
      await tf.setBackend('cpu');
    });
}

test('editVariables on the cpu backend never changes an array read before it', async () => {
  await tf.setBackend('cpu');
  const variable = tf.tidy(() => tf.variable(tf.tensor1d([1, 2, 3]), true, 'host_values_edit_cpu'));
  await assertKeptReadsStay(variable, () => editVariables([variable], ([values]) => values.fill(values[0] + 1)),
    'editVariables');
  variable.dispose();
});
