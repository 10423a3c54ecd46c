// A run's kernels read from its saved model's bytes equal the weights TF.js saved (a model with a depthwise
// and a dense kernel, some weights zero); a folder without model/ reads as null, a cut weights file fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { saveModel } from '../../src/models/model_io.js';
import { readKernels } from '../../src/report/read_kernels.js';
import { CgesError } from '../../src/util/errors.js';

await tf.setBackend('cpu');

const tmp = mkdtempSync(join(tmpdir(), 'cges-kernels-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

/** A depthwise conv [2, 2, 2, 1] (with a bias before it in the file) and a dense [18, 3] kernel, with zeros. */
async function savedRun(dir: string): Promise<Map<string, { shape: number[]; values: Float32Array }>> {
  const model = tfl.sequential({
    layers: [
      tfl.layers.depthwiseConv2d({ name: 'dw', inputShape: [4, 4, 2], kernelSize: 2, depthMultiplier: 1 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ name: 'fc', units: 3 }),
    ],
  });
  const zeroed = model.getWeights().map((w, i) => tf.tidy(() => {
    // Every (i + 2)-th weight zero.
    const mask = tf.cast(tf.notEqual(tf.mod(tf.range(0, w.size), i + 2), 0), 'float32');
    return tf.mul(w, tf.reshape(mask, w.shape));
  }));
  model.setWeights(zeroed);
  await saveModel(model, join(dir, 'model'));
  const expected = new Map(model.weights.map((w) => [w.originalName, { shape: w.shape as number[], values: w.read().dataSync() as Float32Array }]));
  tf.dispose(zeroed);
  model.dispose();
  return expected;
}

test('the kernels as TF.js saved them, by layer name; a depthwise kernel is marked', async () => {
  const dir = join(tmp, 'run');
  const saved = await savedRun(dir);
  const kernels = readKernels(dir, ['dw', 'fc', 'no-such-layer']);
  assert.ok(kernels !== null);
  assert.deepEqual([...kernels.keys()], ['dw', 'fc']);
  for (const [name, weight] of [['dw', 'dw/depthwise_kernel'], ['fc', 'fc/kernel']]) {
    const kernel = kernels.get(name);
    const want = saved.get(weight);
    assert.ok(kernel !== undefined && want !== undefined);
    assert.deepEqual(kernel.shape, want.shape);
    assert.deepEqual([...kernel.values], [...want.values]);
    assert.ok(kernel.values.some((v) => v === 0) && kernel.values.some((v) => v !== 0));
    assert.equal(kernel.depthwise, name === 'dw');
  }
});

test('no model/ reads as null; a weights file cut short names the files and the sizes', async () => {
  assert.equal(readKernels(join(tmp, 'nowhere'), ['fc']), null);
  const dir = join(tmp, 'cut');
  await savedRun(dir);
  truncateSync(join(dir, 'model', 'weights.bin'), 40);
  assert.throws(() => readKernels(dir, ['fc']),
    (error) => error instanceof CgesError && /weight files of .*model\.json hold 40 bytes but its manifest expects \d+/.test(error.message));
});
