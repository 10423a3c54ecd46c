// BatchNormalization layers in training mode on onednn (src/models/batch_norm_layer.ts) against the layer's
// own call on the cpu backend: outputs, moving statistics after the step, and the gradients with respect to
// the input, gamma and beta; at batch 1, rank 2 and odd channel counts. Inference runs the layer's own call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '../../src/models/batch_norm_layer.js';
import {
  NOT_BUILT, assertSameAsCpu, countNativeCalls, oneDnnAvailable, random,
} from '../backend/kernels/onednn_test_utils.js';

const available = oneDnnAvailable();

function variableOf(weight: tfl.LayerVariable): tf.Variable {
  const variable = tf.engine().registeredVariables[weight.name];
  assert.ok(variable !== undefined, `the variable of ${weight.name}`);
  return variable;
}

/** One training step's output, moving statistics and gradients of sum(y * dy) for a fresh layer. */
function trainingStep(x: tf.Tensor, dy: tf.Tensor, training = true): tf.Tensor[] {
  const layer = tfl.layers.batchNormalization({ momentum: 0.9, epsilon: 1e-3,
    gammaInitializer: tfl.initializers.randomUniform({ minval: 0.5, maxval: 1.5, seed: 3 }),
    betaInitializer: tfl.initializers.randomUniform({ minval: -1, maxval: 1, seed: 4 }) });
  tf.dispose(layer.apply(x, { training: false }) as tf.Tensor);  // builds the layer
  const input = tf.variable(x);
  let y: tf.Tensor | undefined;
  const { value, grads } = tf.variableGrads(() => {
    y = tf.keep(layer.apply(input, { training }) as tf.Tensor);
    return tf.sum(tf.mul(y, dy));
  }, [input, ...layer.trainableWeights.map(variableOf)]);
  const stats = layer.nonTrainableWeights.map((w) => w.read().clone());
  const out = [y as tf.Tensor, ...Object.values(grads), ...stats];
  tf.dispose([value, input]);
  layer.dispose();
  return out;
}

test('a BatchNormalization layer trains on onednn as its own call on cpu, through the native kernels', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  [[6, 5, 4, 3], [1, 3, 3, 7], [17, 9]].forEach((shape, i) => {
    const [x, dy] = [random(shape, 10 * i), random(shape, 10 * i + 1)];
    assertSameAsCpu(`[${shape}]`, () => trainingStep(x, dy), { tol: 5e-4, native: 'batchNormTraining' });
    assertSameAsCpu(`[${shape}] backward`, () => trainingStep(x, dy), { tol: 5e-4, native: 'batchNormTrainingGrad' });
    tf.dispose([x, dy]);
  });
});

test('a BatchNormalization layer in inference runs its own call', (t) => {
  if (!available) return t.skip(NOT_BUILT);
  const [x, dy] = [random([4, 5, 3], 50), random([4, 5, 3], 51)];
  assertSameAsCpu('inference', () => trainingStep(x, dy, false), { tol: 5e-4 });
  tf.setBackend('onednn');
  assert.equal(countNativeCalls('batchNormTraining', () => tf.dispose(trainingStep(x, dy, false))), 0);
  tf.dispose([x, dy]);
});
