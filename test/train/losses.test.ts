// The data losses against their closed forms, computed in float64 by hand, and their gradients against
// finite differences of those closed forms; a training step on a float label matrix with each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// TF.js registers its gradients with tfjs-layers, which training always loads.
import * as tfl from '@tensorflow/tfjs-layers';
import { lossFunction, LOSS_NAMES } from '../../src/train/losses.js';
import { makeOptimizer } from '../../src/train/optimizers.js';
import { makeRegularizer } from '../../src/train/regularizers/index.js';
import { makeTrainStep } from '../../src/train/train_step.js';
import { CgesError } from '../../src/util/errors.js';

await tf.setBackend('cpu');

const Z = [[2.5, -1, 0.3], [-30, 4, 0.5]];
// Each row sums to 1, as softmax cross-entropy's targets must (TF.js's gradient is softmax(z) - y).
const Y = [[0, 1, 0], [0.5, 0, 0.5]];

const mean = (rows: number[][]) => rows.flat().reduce((a, b) => a + b, 0) / rows.flat().length;

/** Closed forms in float64: per-example sums for softmax-ce, per-output means for the other two. */
const CLOSED: Record<string, (z: number[][], y: number[][]) => number> = {
  'softmax-ce': (z, y) => z.reduce((sum, row, n) => {
    const max = Math.max(...row);
    const logSum = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
    return sum - row.reduce((s, v, k) => s + y[n][k] * (v - logSum), 0);
  }, 0) / z.length,
  'sigmoid-ce': (z, y) => mean(z.map((row, n) => row.map((v, k) => {
    const p = 1 / (1 + Math.exp(-v));
    // -log(1 - p) for v = -30 is about 1e-13: as 1 - p it is exact enough in float64.
    return -(y[n][k] * Math.log(p) + (1 - y[n][k]) * Math.log(1 - p));
  }))),
  mse: (z, y) => mean(z.map((row, n) => row.map((v, k) => (v - y[n][k]) ** 2))),
};

for (const name of LOSS_NAMES) {
  test(`${name} equals its closed form, and its gradient finite differences of it`, () => {
    const loss = lossFunction(name);
    const z = tf.tensor2d(Z);
    const y = tf.tensor2d(Y);
    const value = tf.tidy(() => loss(y, z).dataSync()[0]);
    const expected = CLOSED[name](Z, Y);
    assert.ok(Math.abs(value - expected) <= 1e-6 * Math.max(1, Math.abs(expected)), `${value} against ${expected}`);
    const grad = tf.tidy(() => tf.grad((logits: tf.Tensor) => loss(y, logits))(z).arraySync() as number[][]);
    const h = 1e-5;
    Z.forEach((row, n) => row.forEach((_, k) => {
      const shifted = (d: number) => Z.map((r, i) => r.map((v, j) => (i === n && j === k ? v + d : v)));
      const numeric = (CLOSED[name](shifted(h), Y) - CLOSED[name](shifted(-h), Y)) / (2 * h);
      assert.ok(Math.abs(grad[n][k] - numeric) <= 1e-4, `d/dz[${n}][${k}]: ${grad[n][k]} against ${numeric}`);
    }));
    tf.dispose([z, y]);
  });
}

test('an unknown loss is a CgesError naming it and the valid ones', () => {
  assert.throws(() => lossFunction('hinge'), (error: unknown) =>
    error instanceof CgesError && /"hinge"/.test(error.message) && /softmax-ce, sigmoid-ce, mse/.test(error.message));
});

test('a training step takes a float label matrix [B, K] with sigmoid-ce or mse, and logs that loss', () => {
  for (const name of ['sigmoid-ce', 'mse'] as const) {
    const model = tfl.sequential({ layers: [
      tfl.layers.flatten({ inputShape: [1, 1, 3] }),
      tfl.layers.dense({ units: 3, kernelInitializer: 'ones', biasInitializer: 'zeros' }),
    ] });
    const x = [[0.5, -1, 2], [1, 0, -0.5]];
    const xs = tf.tensor4d(x.flat(), [2, 1, 1, 3]);
    // Each output is the sum of the example's features: 1.5 and 0.5.
    const outputs = x.map((row) => [0, 1, 2].map(() => row.reduce((a, b) => a + b, 0)));
    const labels = tf.tensor2d(Y);
    const optimizer = makeOptimizer('sgd', 0.1);
    const regularizer = makeRegularizer('none', { lambda: 0, mu: 0, grouping: 'input', exclusiveForm: 'original' });
    const step = makeTrainStep({ model, optimizer, regularizer, kernels: [], loss: lossFunction(name) });
    const { loss } = step(xs, labels, 0.1);
    const expected = CLOSED[name](outputs, Y);
    assert.ok(Math.abs(loss - expected) < 1e-6, `${name}: ${loss} against ${expected}`);
    tf.dispose([xs, labels]);
    optimizer.dispose();
    model.dispose();
  }
});
