import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { regularizedKernels, type RegularizedKernel } from '../../src/models/kernels.js';
import { makeOptimizer } from '../../src/train/optimizers.js';
import { makeRegularizer } from '../../src/train/regularizers/index.js';
import { Rng } from '../../src/train/rng.js';
import { makeTrainStep, type StepRegularizer } from '../../src/train/train_step.js';
import { gatherBatch } from '../../src/train/batches.js';
import { fakeMnist, tinyConvNet } from './fixtures.js';

await tf.setBackend('cpu');

/** A linear softmax model on [1, 1, 3] "images" -> 2 classes, with known weights. */
function linearModel(w: number[][], b: number[]): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.flatten({ inputShape: [1, 1, 3] }));
  model.add(tfl.layers.dense({ units: 2 }));
  model.setWeights([tf.tensor2d(w), tf.tensor1d(b)]);
  return model;
}

/** Float64 reference of one SGD step on mean softmax cross-entropy: W - eta * X^T (softmax(XW + b) - Y) / B. */
function referenceStep(x: number[][], y: number[][], w: number[][], b: number[], eta: number) {
  const batch = x.length;
  const gw = w.map((row) => row.map(() => 0));
  const gb = b.map(() => 0);
  let loss = 0;
  let correct = 0;
  x.forEach((xi, n) => {
    const z = b.map((bj, j) => bj + xi.reduce((sum, xk, k) => sum + xk * w[k][j], 0));
    const max = Math.max(...z);
    const e = z.map((zj) => Math.exp(zj - max));
    const total = e.reduce((s, v) => s + v, 0);
    const p = e.map((v) => v / total);
    loss -= y[n].reduce((s, yj, j) => s + yj * Math.log(p[j]), 0) / batch;
    if (z.indexOf(max) === y[n].indexOf(1)) correct++;
    p.forEach((pj, j) => {
      const d = (pj - y[n][j]) / batch;
      gb[j] += d;
      xi.forEach((xk, k) => { gw[k][j] += xk * d; });
    });
  });
  return {
    w: w.map((row, k) => row.map((v, j) => v - eta * gw[k][j])),
    b: b.map((v, j) => v - eta * gb[j]),
    loss,
    accuracy: correct / batch,
  };
}

test('one step is SGD on softmax cross-entropy, then the prox at the same eta', () => {
  const w = [[0.1, -0.2], [0.3, 0.05], [-0.4, 0.2]];
  const b = [0.1, -0.1];
  const x = [[1, 2, 0.5], [-1, 0.3, 2], [0.2, -0.7, 1]];
  const y = [[1, 0], [0, 1], [0, 1]];
  const eta = 0.3;
  const expected = referenceStep(x, y, w, b, eta);
  const model = linearModel(w, b);
  const kernels = regularizedKernels(model);
  const calls: { eta: number; kernel: number[] }[] = [];
  const recorder: StepRegularizer = {
    lossTerm: () => null,
    proxStep: (k: RegularizedKernel[], e: number) => calls.push({ eta: e, kernel: [...k[0].variable.read().dataSync()] }),
  };
  const step = makeTrainStep({ model, optimizer: makeOptimizer('sgd', 1), regularizer: recorder, kernels });
  const result = step(tf.tensor4d(x.flat(), [3, 1, 1, 3]), tf.tensor2d(y), eta);
  assert.ok(Math.abs(result.loss - expected.loss) < 1e-5, `loss ${result.loss} vs ${expected.loss}`);
  assert.equal(result.accuracy, expected.accuracy);
  const [kernel, bias] = model.getWeights().map((t) => [...t.dataSync()]);
  expected.w.flat().forEach((v, i) => assert.ok(Math.abs(kernel[i] - v) < 1e-6, `w[${i}] ${kernel[i]} vs ${v}`));
  expected.b.forEach((v, i) => assert.ok(Math.abs(bias[i] - v) < 1e-6, `b[${i}]`));
  // The prox ran once, after the gradient step, with the step's eta.
  assert.equal(calls.length, 1);
  assert.equal(calls[0].eta, eta);
  expected.w.flat().forEach((v, i) => assert.ok(Math.abs(calls[0].kernel[i] - v) < 1e-6));
});

test('integer labels give the same step as one-hot labels', () => {
  const w = [[0.1, -0.2], [0.3, 0.05], [-0.4, 0.2]];
  const x = tf.tensor4d([1, 2, 0.5, -1, 0.3, 2], [2, 1, 1, 3]);
  const none = makeRegularizer('none', { lambda: 0, mu: 0, grouping: 'input', exclusiveForm: 'original' });
  const run = (labels: tf.Tensor) => {
    const model = linearModel(w, [0, 0]);
    const kernels = regularizedKernels(model);
    const step = makeTrainStep({ model, optimizer: makeOptimizer('sgd', 1), regularizer: none, kernels });
    return { result: step(x, labels, 0.1), weights: [...model.getWeights()[0].dataSync()] };
  };
  assert.deepEqual(run(tf.tensor1d([0, 1], 'int32')), run(tf.tensor2d([[1, 0], [0, 1]])));
});

test('tensor count is exactly stable across steps, for every optimiser and a real regulariser', () => {
  const data = fakeMnist(20, 3);
  for (const name of ['sgd', 'momentum', 'adam']) {
    const model = tinyConvNet(1);
    const regularizer = makeRegularizer('cges', { lambda: 1e-3, mu: 0.8, grouping: 'input', exclusiveForm: 'original' });
    const step = makeTrainStep({
      model, optimizer: makeOptimizer(name, 0.01), regularizer, kernels: regularizedKernels(model), dropoutRng: new Rng(1),
    });
    const counts: number[] = [];
    for (let k = 0; k < 5; k++) {
      const { xs, labels } = gatherBatch(data, [k, k + 5, k + 10], { numClasses: 3 });
      step(xs, labels, 0.01);
      tf.dispose([xs, labels]);
      counts.push(tf.memory().numTensors);
    }
    // The first step creates the optimiser's slots; after it nothing may accumulate.
    assert.deepEqual(counts.slice(1), new Array(4).fill(counts[1]), `${name}: ${counts}`);
  }
});

test('dropout masks change every step yet replay from the same dropout seed', () => {
  const data = fakeMnist(6, 4);
  const regularizer = makeRegularizer('none', { lambda: 0, mu: 0, grouping: 'input', exclusiveForm: 'original' });
  const run = (dropoutSeed: number) => {
    const model = tinyConvNet(2);
    const step = makeTrainStep({
      model, optimizer: makeOptimizer('sgd', 0.1), regularizer, kernels: regularizedKernels(model),
      dropoutRng: new Rng(dropoutSeed),
    });
    const losses: number[] = [];
    for (let k = 0; k < 3; k++) {
      const { xs, labels } = gatherBatch(data, [0, 1, 2, 3, 4, 5], { numClasses: 3 });
      losses.push(step(xs, labels, 1e-9).loss);
      tf.dispose([xs, labels]);
    }
    return losses;
  };
  const a = run(5);
  assert.deepEqual(run(5), a);
  assert.notDeepEqual(run(6), a);
  // With a negligible learning rate the weights barely move, so differing losses mean differing masks.
  assert.notEqual(a[0], a[1]);
});
