// applyProx on a kernel variable: on the cpu backend it must equal cgesProx (group, exclusive, then l1);
// on the onednn backend, where the fused native kernel updates the variable in place, the same numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { registerOneDnnBackend } from '../../../src/backend/onednn_backend.js';
import { regularizedKernels } from '../../../src/models/kernels.js';
import { cgesProx, type ExclusiveForm, type Grouping } from '../../../src/prox/index.js';
import { applyProx, type KernelProx } from '../../../src/train/regularizers/index.js';
import { smallModel } from './small_model.js';

const SETTINGS: KernelProx[] = (['input', 'output'] satisfies Grouping[]).flatMap((grouping) =>
  (['original', 'exact'] satisfies ExclusiveForm[]).map((exclusiveForm) => ({ group: 0.05, exclusive: 0.01, l1: 0.05, grouping, exclusiveForm })));

/**
 * Applies prox to every kernel of a fresh small model and compares with cgesProx on the old values;
 * `inPlace` says whether the variable must keep its storage (the native path) or get new storage.
 */
function checkAgainstCgesProx(prox: KernelProx, tolerance: number, inPlace: boolean): void {
  const model = smallModel(2);
  for (const kernel of regularizedKernels(model)) {
    const expected = cgesProx(kernel.variable.read(), prox);
    const before = tf.memory().numTensors;
    const storage = kernel.variable.read().dataId;
    applyProx(kernel.variable, prox);
    assert.equal(tf.memory().numTensors, before, 'applyProx leaked tensors');
    assert.equal(kernel.variable.read().dataId === storage, inPlace, 'native in-place update vs TF.js write');
    const actual = kernel.variable.read().dataSync();
    const want = expected.dataSync();
    let zeros = 0;
    for (let i = 0; i < want.length; i++) {
      assert.ok(Math.abs(actual[i] - want[i]) <= tolerance, `${tf.getBackend()} ${prox.grouping} ${prox.exclusiveForm} ${kernel.layer.name}[${i}]: ${actual[i]} vs ${want[i]}`);
      if (want[i] === 0) zeros++;
    }
    assert.ok(zeros > 0, 'the thresholds should zero some weights');
    expected.dispose();
  }
  model.dispose();
}

test('applyProx on the cpu backend equals cgesProx with the l1 step, both groupings and forms', async () => {
  await tf.setBackend('cpu');
  for (const prox of SETTINGS) checkAgainstCgesProx(prox, 0, false);
});

test('applyProx with all thresholds 0 leaves the variable and its storage alone', async () => {
  await tf.setBackend('cpu');
  const model = smallModel(3);
  const [kernel] = regularizedKernels(model);
  const storage = kernel.variable.read().dataId;
  applyProx(kernel.variable, { group: 0, exclusive: 0, l1: 0, grouping: 'input', exclusiveForm: 'original' });
  assert.equal(kernel.variable.read().dataId, storage);
  model.dispose();
});

test('applyProx on the onednn backend (native, in place) matches cgesProx', { skip: !registerOneDnnBackend() && 'the oneDNN addon is not built' }, async () => {
  await tf.setBackend('onednn');
  try {
    // The native kernel sums norms in float64, the TF.js ops in float32: equal to rounding.
    for (const prox of SETTINGS) checkAgainstCgesProx(prox, 1e-5, true);
  } finally {
    await tf.setBackend('cpu');
  }
});
