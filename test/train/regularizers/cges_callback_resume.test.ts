// A fit continued from CgesCallback's state (through JSON, as a user would keep it on disk) is bit-identical
// to one that never stopped: weights, phase, strength, masks, the step the target was reached at, the
// dropout masks. And a state that cannot continue the fit at hand is refused with a clear error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { CgesCallback, makeRegularizer, type CgesCallbackOptions, type CgesCallbackState } from '../../../src/train/regularizers/index.js';
import { CgesError } from '../../../src/util/errors.js';
import { fakeMnist } from '../fixtures.js';

await tf.setBackend('cpu');

const [SAMPLES, BATCH, EPOCHS, STOP_EPOCH] = [100, 10, 8, 1];
const STEPS = EPOCHS * (SAMPLES / BATCH);

/**
 * conv 4x4/4 (8) -> conv 3x3 (8) -> flatten -> dense 16 relu -> dropout -> dense 3, named, so that a model
 * built again has the layer names the state's masks refer to.
 */
function droppingConvNet(): tfl.LayersModel {
  const init = (k: number) => tfl.initializers.glorotUniform({ seed: 20 + k });
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ name: 'conv1', inputShape: [28, 28, 1], filters: 8, kernelSize: 4, strides: 4, activation: 'relu', kernelInitializer: init(0) }),
      tfl.layers.conv2d({ name: 'conv2', filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1) }),
      tfl.layers.flatten({ name: 'flatten' }),
      tfl.layers.dense({ name: 'fc1', units: 16, activation: 'relu', kernelInitializer: init(2) }),
      tfl.layers.dropout({ name: 'drop', rate: 0.3 }),
      tfl.layers.dense({ name: 'fc2', units: 3, kernelInitializer: init(3) }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(0.05), loss: (labels, logits) => tf.losses.softmaxCrossEntropy(labels, logits) });
  return model;
}

function callbackOf(model: tfl.LayersModel, resume?: CgesCallbackState): CgesCallback {
  const regularizer = makeRegularizer('cges', { lambda: 1e-4, mu: 0.8, grouping: 'unit', exclusiveForm: 'original' });
  const options: CgesCallbackOptions = {
    learningRate: (step) => (step < 30 ? 0.05 : 0.025),
    seed: 9,
    structure: { target: { macs: 0.3 }, finetune: 20, controlEvery: 3, steps: STEPS },
    ...(resume === undefined ? {} : { resume }),
  };
  return new CgesCallback(model, regularizer, options);
}

const data = fakeMnist(SAMPLES, 3);

async function fit(model: tfl.LayersModel, callback: CgesCallback, epochs: number): Promise<void> {
  const xs = tf.tensor4d(data.images, [data.count, 28, 28, 1]);
  const ys = tf.oneHot(tf.tensor1d(data.labels, 'int32'), 3);
  await model.fit(xs, ys, { epochs, batchSize: BATCH, shuffle: false, callbacks: [callback], verbose: 0 });
  tf.dispose([xs, ys]);
}

const weightsOf = (model: tfl.LayersModel) => model.getWeights().map((weight) => Array.from(weight.dataSync()));

test('a fit continued from the callback state and the weights, through JSON, is bit-identical to one that never stopped', async () => {
  const straightModel = droppingConvNet();
  const straight = callbackOf(straightModel);
  await fit(straightModel, straight, EPOCHS);

  const firstModel = droppingConvNet();
  const first = callbackOf(firstModel);
  await fit(firstModel, first, STOP_EPOCH);
  const saved = JSON.stringify({ callback: first.state(), weights: weightsOf(firstModel) });
  const stop = first.state();
  // Stopped mid-sparsifying, between control points, with units masked and the strength moved: there is
  // state to lose.
  assert.equal(stop.step, STOP_EPOCH * (SAMPLES / BATCH));
  assert.ok(stop.step % 3 !== 0);
  assert.ok(stop.control !== undefined && stop.control.phase === 'sparsify', JSON.stringify(stop.control));
  assert.ok(Object.values(stop.control.masks).some((units) => units.length > 0), 'no unit was masked by the stop');
  assert.notEqual(stop.control.strength, callbackOf(droppingConvNet()).state().control?.strength);
  firstModel.dispose();

  const restored: { callback: CgesCallbackState; weights: number[][] } = JSON.parse(saved);
  const model = droppingConvNet();
  model.setWeights(restored.weights.map((values, i) => tf.tensor(values, model.weights[i].read().shape, 'float32')));
  const resumed = callbackOf(model, restored.callback);
  assert.deepEqual(resumed.state(), stop);
  await fit(model, resumed, EPOCHS - STOP_EPOCH);

  const end = straight.state();
  assert.ok(end.control?.phase === 'finetune' && end.control.reachedAtStep !== null && end.control.reachedAtStep > stop.step,
    JSON.stringify(end.control));
  assert.deepEqual(resumed.state(), end);
  assert.deepEqual(weightsOf(model), weightsOf(straightModel));
  model.dispose();
  straightModel.dispose();
});

test('without the state, a fit continued at startStep differs: the phase, strength and masks start over', async () => {
  const firstModel = droppingConvNet();
  const first = callbackOf(firstModel);
  await fit(firstModel, first, STOP_EPOCH);
  const regularizer = makeRegularizer('cges', { lambda: 1e-4, mu: 0.8, grouping: 'unit', exclusiveForm: 'original' });
  const restarted = new CgesCallback(firstModel, regularizer, {
    learningRate: 0.05, startStep: first.step, structure: { target: { macs: 0.3 }, finetune: 20, controlEvery: 3, steps: STEPS },
  });
  assert.notDeepEqual(restarted.state().control, first.state().control);
  firstModel.dispose();
});

test('a state that cannot continue this fit is refused, naming what does not fit', () => {
  const model = droppingConvNet();
  const state = callbackOf(model).state();
  const control = state.control;
  assert.ok(control !== undefined);
  const regularizer = makeRegularizer('cges', { lambda: 1e-4, mu: 0.8, grouping: 'unit', exclusiveForm: 'original' });
  const structure = { target: { macs: 0.3 }, steps: STEPS };
  const refuse = (resume: unknown, message: RegExp, options: Partial<CgesCallbackOptions> = { structure }) =>
    assert.throws(() => new CgesCallback(model, regularizer, { learningRate: 0.05, ...options, resume: resume as CgesCallbackState }),
      (error: unknown) => error instanceof CgesError && message.test(error.message));
  refuse(state, /give startStep or resume, not both/, { structure, startStep: 3 });
  refuse({ ...state, step: -1 }, /resume: step must be an integer >= 0, got -1/);
  refuse(state, /holds a structure control; give the structure options/, {});
  refuse({ step: 4 }, /the state has no structure control/);
  refuse({ step: 4, control }, /no dropout generator/, { structure, seed: 1 });
  refuse({ ...state, control: { ...control, phase: 'done' } }, /control.phase must be "sparsify" or "finetune", got "done"/);
  refuse({ ...state, control: { ...control, dense: { ...control.dense, macs: 1 } } }, /belongs to a model of 1 MACs, model ".*" has \d+/);
  refuse({ ...state, control: { ...control, masks: { dense_Dense7: [0] } } }, /masks units of layer "dense_Dense7"/);
  refuse({ ...state, control: { ...control, masks: { fc1: [16] } } }, /masked units of layer "fc1" must be integers in \[0, 16\)/);
  refuse({ ...state, dropoutRng: [0, 0, 0, 0] }, /rng state/);
  refuse({ ...state, step: STEPS }, /structure.steps must be an integer > startStep/);
  model.dispose();
});
