// Backend selection: requested backends start or fail with a CgesError, and the default is oneDNN when
// its addon is built, else wasm with exactly one notice naming the package to install.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
// Importing tfjs-layers registers tfjs-core's gradients in Node, which tf.grad needs.
import '@tensorflow/tfjs-layers';
import { loadNativeAddon } from '../../src/backend/native_addon.js';
import { selectBackend } from '../../src/backend/select_backend.js';
import { buildModel } from '../../src/models/registry.js';
import { CgesError } from '../../src/util/errors.js';

const addonBuilt = loadNativeAddon() !== null;

test('the default is onednn when the addon is built, else wasm with one notice', async () => {
  const notices: string[] = [];
  const notice = (line: string) => notices.push(line);
  const first = await selectBackend(undefined, { notice });
  const second = await selectBackend(undefined, { notice });
  assert.equal(first, addonBuilt ? 'onednn' : 'wasm');
  assert.equal(second, first);
  assert.equal(tf.getBackend(), first);
  if (addonBuilt) {
    assert.deepEqual(notices, []);
  } else {
    assert.equal(notices.length, 1, 'one notice per process');
    assert.match(notices[0], /wasm backend.*apt-get install -y libdnnl-dev/);
  }
  assert.ok(tf.env().getBool('PROD'), 'prod mode silences the tfjs-node banner');
});

test('wasm starts from the package dist folder and can train a conv net', async () => {
  assert.equal(await selectBackend('wasm', { threads: 2 }), 'wasm');
  assert.ok(tf.backend() instanceof BackendWasm);
  // The filter gradient of a conv is the kernel tfjs-backend-wasm lacks; selectBackend registers it.
  // sum(conv2d(x, w)) with a 1x1 input and 1x1 filter has gradient x with respect to w.
  const x = tf.tensor4d([3], [1, 1, 1, 1]);
  const w = tf.tensor4d([2], [1, 1, 1, 1]);
  const dw = tf.grad((filter: tf.Tensor) => tf.sum(tf.conv2d(x, filter as tf.Tensor4D, 1, 'valid')))(w);
  assert.deepEqual(Array.from(dw.dataSync()), [3]);
  tf.dispose([x, w, dw]);
});

test('one LeNet-5 SGD step on wasm (with our kernels) updates the weights exactly as on cpu', async () => {
  const step = async (backend: string) => {
    await selectBackend(backend);
    const model = buildModel('lenet5', { seed: 3 });
    const loss = (labels: tf.Tensor, logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(labels, logits);
    model.compile({ optimizer: tf.train.sgd(0.1), loss });
    const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 1);
    const y = tf.oneHot(tf.tensor1d([3, 7], 'int32'), 10);
    await model.trainOnBatch(x, y);
    const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
    tf.dispose([x, y]);
    model.dispose();
    return weights;
  };
  const cpu = await step('cpu');
  const wasm = await step('wasm');
  cpu.forEach((expected, k) => {
    const scale = expected.reduce((max, v) => Math.max(max, Math.abs(v)), 1);
    const worst = expected.reduce((max, v, i) => Math.max(max, Math.abs(v - wasm[k][i])), 0);
    assert.ok(worst <= 1e-5 * scale, `weight ${k}: max difference ${worst}`);
  });
});

test('cpu can be requested', async () => {
  assert.equal(await selectBackend('cpu', { threads: 2 }), 'cpu');
  assert.equal(tf.getBackend(), 'cpu');
});

test('onednn when requested: selected if built, else a CgesError saying how to install it', async () => {
  if (addonBuilt) {
    assert.equal(await selectBackend('onednn', { threads: 1 }), 'onednn');
    assert.equal(tf.getBackend(), 'onednn');
  } else {
    await assert.rejects(selectBackend('onednn'),
      (error: unknown) => error instanceof CgesError && /onednn.*libdnnl-dev/.test(error.message));
  }
});

test('unknown backends and bad thread counts are CgesErrors', async () => {
  await assert.rejects(selectBackend('webgpu'),
    (error: unknown) => error instanceof CgesError && /"webgpu".*onednn, wasm, cpu/.test(error.message));
  await assert.rejects(selectBackend('cpu', { threads: 0 }), CgesError);
  await assert.rejects(selectBackend('cpu', { threads: 1.5 }), CgesError);
});
