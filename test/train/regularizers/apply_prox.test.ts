// applyProx on a kernel variable: on the cpu backend it must equal cgesProx (group, exclusive, then l1);
// on the onednn backend, where the fused native kernel updates the variable in place, the same numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
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

test('a depthwise kernel\'s groups are its channels: each [kh, kw, m] slice shrinks by its own norm', async () => {
  await tf.setBackend('cpu');
  const model = tfl.sequential({
    layers: [tfl.layers.depthwiseConv2d({ inputShape: [4, 4, 3], kernelSize: 2, depthMultiplier: 2, useBias: false })],
  });
  const values = Float32Array.from({ length: 2 * 2 * 3 * 2 }, (_, i) => ((i * 7) % 11) / 10 - 0.4);
  model.layers[0].setWeights([tf.tensor4d(values, [2, 2, 3, 2])]);
  const [kernel] = regularizedKernels(model);
  assert.deepEqual([kernel.kind, kernel.channelGroups], ['depthwise', true]);
  applyProx(kernel.variable, { group: 0.3, exclusive: 0, l1: 0, grouping: 'output', exclusiveForm: 'original', channelGroups: true });
  // Channel c holds the entries whose index on axis 2 is c: i = ((a*2 + b)*3 + c)*2 + j.
  const got = kernel.variable.read().dataSync();
  let zeroed = 0;
  for (let c = 0; c < 3; c++) {
    const slice = [0, 1, 2, 3].flatMap((ab) => [0, 1].map((j) => (ab * 3 + c) * 2 + j));
    const norm = Math.sqrt(slice.reduce((sum, i) => sum + values[i] ** 2, 0));
    const scale = Math.max(0, 1 - 0.3 / norm);
    zeroed += scale === 0 ? 1 : 0;
    for (const i of slice) assert.ok(Math.abs(got[i] - values[i] * scale) < 1e-6, `channel ${c} entry ${i}`);
  }
  assert.ok(zeroed < 3, 'some channel keeps weights');
  model.dispose();
});
