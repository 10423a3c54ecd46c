// The model registry: names, unknown-name errors, defaults (the original's numbers for seed-mnist).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { buildModel, modelDefaults, MODEL_NAMES } from '../../src/models/registry.js';
import { CgesError } from '../../src/util/errors.js';

await tf.setBackend('cpu');

test('every registered name builds a model with 28x28x1 input and 10 logits', () => {
  for (const name of MODEL_NAMES) {
    const model = buildModel(name, { seed: 0 });
    assert.deepEqual(model.inputs[0].shape, [null, 28, 28, 1], name);
    assert.deepEqual(model.outputShape, [null, 10], name);
    model.dispose();
  }
});

test('an unknown model name is a CgesError listing the valid names', () => {
  assert.throws(() => buildModel('alexnet'), (error: unknown) =>
    error instanceof CgesError && /alexnet/.test(error.message) && MODEL_NAMES.every((n) => error.message.includes(n)));
  assert.throws(() => modelDefaults('alexnet'), CgesError);
  assert.throws(() => buildModel('lenet5', { seed: 1.5 }), CgesError);
});

test('seed-mnist defaults are the original settings', () => {
  const d = modelDefaults('seed-mnist');
  assert.equal(d.lambda, 6e-5);
  assert.equal(d.mu, 0.8);
  assert.equal(d.chvar, 0.2);
  assert.deepEqual(d.gscale, [1, 1, 1 / 15, 1 / 144]);
  assert.deepEqual(d.escale, [1, 0.5, 15, 144]);
  assert.deepEqual(
    [d.iterations, d.batchSize, d.baseLr, d.stepsize, d.decayRate],
    [30000, 100, 0.05, 5000, 0.9],
  );
});

test('defaults are fresh copies and every model has one', () => {
  const first = modelDefaults('seed-mnist');
  first.gscale?.fill(0);
  assert.deepEqual(modelDefaults('seed-mnist').gscale, [1, 1, 1 / 15, 1 / 144]);
  for (const name of MODEL_NAMES) {
    const d = modelDefaults(name);
    assert.ok(d.lambda > 0 && d.mu >= 0 && d.mu <= 1 && d.iterations > 0 && d.batchSize > 0, name);
  }
});

test('every built-in model builds for other input shapes and class counts, and refuses impossible ones', () => {
  const rows: Record<string, number> = {
    'seed-mnist': 8 * 8 * 64, lenet5: 5 * 5 * 50, 'lenet-300-100': 32 * 32 * 3, resnet: 64, mobilenet: 64, vgg: 4 * 4 * 64,
  };
  for (const name of MODEL_NAMES) {
    const model = buildModel(name, { seed: 1, inputShape: [32, 32, 3], numClasses: 100 });
    assert.deepEqual(model.inputs[0].shape, [null, 32, 32, 3], name);
    assert.deepEqual(model.outputs[0].shape, [null, 100], name);
    const firstDense = model.layers.find((layer) => layer.getClassName() === 'Dense');
    assert.equal(firstDense?.weights[0].shape[0], rows[name], `${name}: the first dense layer reads the flattened maps`);
    model.dispose();
  }
  assert.throws(() => buildModel('lenet5', { inputShape: [784] }), /images \[height, width, channels\], got \[784\]/);
  assert.throws(() => buildModel('lenet5', { numClasses: 1 }), /at least 2 classes, got 1/);
});
