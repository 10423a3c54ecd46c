// A few CGES training steps of a conv net on the onednn backend against the same steps on the cpu
// backend. The onednn step computes the same function by other means: layers' conv/matmul, bias and relu
// joined into fused calls, outputs computed only when read, the relu, max-pool and bias gradients in one
// pass, the loss and its gradient in one kernel, SGD and the prox in place. Losses and every weight after
// the steps must agree to float32 rounding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { loadNativeAddon } from '../../src/backend/native_addon.js';
import { registerOneDnnBackend } from '../../src/backend/onednn_backend.js';
import { regularizedKernels } from '../../src/models/kernels.js';
import { gatherBatch } from '../../src/train/batches.js';
import { makeOptimizer } from '../../src/train/optimizers.js';
import { makeRegularizer } from '../../src/train/regularizers/index.js';
import { Rng } from '../../src/train/rng.js';
import { makeTrainStep } from '../../src/train/train_step.js';
import { fakeMnist } from './fixtures.js';

const skip = loadNativeAddon() === null ? 'the oneDNN addon is not built' : false;

/** conv 5x5 (6) relu -> max pool 2 -> conv 3x3 (8) relu -> max pool 2 -> dense 16 relu -> dropout -> dense 3. */
function pooledConvNet(): tfl.LayersModel {
  const init = (k: number) => tfl.initializers.glorotUniform({ seed: 40 + k });
  const model = tfl.sequential();
  model.add(tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 6, kernelSize: 5, padding: 'same',
    activation: 'relu', kernelInitializer: init(0), biasInitializer: 'ones' }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', activation: 'relu',
    kernelInitializer: init(1) }));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2, padding: 'same' }));
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({ units: 16, activation: 'relu', kernelInitializer: init(2) }));
  model.add(tfl.layers.dropout({ rate: 0.25 }));
  model.add(tfl.layers.dense({ units: 3, kernelInitializer: init(3) }));
  return model;
}

async function trainOn(backend: string): Promise<{ losses: number[]; weights: Float32Array[] }> {
  await tf.setBackend(backend);
  const model = pooledConvNet();
  const regularizer = makeRegularizer('cges', { lambda: 1e-3, mu: 0.8, grouping: 'input', exclusiveForm: 'original' });
  const optimizer = makeOptimizer('sgd', 0.05);
  const step = makeTrainStep({ model, optimizer, regularizer, kernels: regularizedKernels(model),
    dropoutRng: new Rng(3) });
  const data = fakeMnist(24, 5);
  const losses: number[] = [];
  for (let k = 0; k < 4; k++) {
    const { xs, labels } = gatherBatch(data, [6 * k, 6 * k + 1, 6 * k + 2, 6 * k + 3, 6 * k + 4, 6 * k + 5],
      { numClasses: 3, labels: 'int' });
    losses.push(step(xs, labels, 0.05).loss);
    tf.dispose([xs, labels]);
  }
  const weights = model.getWeights().map((w) => Float32Array.from(w.dataSync()));
  model.dispose();
  optimizer.dispose();
  return { losses, weights };
}

test('CGES steps of a pooled conv net on onednn give the cpu backend\'s losses and weights', { skip }, async () => {
  assert.ok(registerOneDnnBackend());
  const cpu = await trainOn('cpu');
  const onednn = await trainOn('onednn');
  await tf.setBackend('cpu');
  onednn.losses.forEach((loss, k) => assert.ok(Math.abs(loss - cpu.losses[k]) <= 1e-5 * (1 + Math.abs(cpu.losses[k])),
    `step ${k}: loss ${loss} against ${cpu.losses[k]}`));
  assert.equal(onednn.weights.length, cpu.weights.length);
  onednn.weights.forEach((values, w) => values.forEach((value, i) => {
    const expected = cpu.weights[w][i];
    if (!(Math.abs(value - expected) <= 1e-5 * (1 + Math.abs(expected)))) {
      assert.fail(`weight ${w}[${i}]: onednn ${value}, cpu ${expected}`);
    }
  }));
  // The steps moved the weights: the comparison is of training, not of the initial values.
  assert.ok(cpu.losses[3] !== cpu.losses[0]);
});
