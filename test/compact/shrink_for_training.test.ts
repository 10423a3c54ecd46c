// The shrinker a training run uses: the compaction of a model with dead units, equal on the logits, and
// any tensor shaped like the old weights (an optimiser slot) sliced as the weights were, checked against
// tf.gather on the kernels' own axes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { shrinkForTraining } from '../../src/compact/shrink_for_training.js';
import { editLayer, maxOutputDiff, randomizeWeights, uniformInputs, zeroColumn } from '../structure/fixtures.js';

/** conv 3x3 same (4 filters) on 6x6x1 -> flatten -> dense 5 relu -> dense 3, with filter 1 and fc1 unit 3 dead. */
function modelWithDeadUnits(): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.conv2d({ name: 'conv', inputShape: [6, 6, 1], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }));
  model.add(tfl.layers.flatten({ name: 'flatten' }));
  model.add(tfl.layers.dense({ name: 'fc1', units: 5, activation: 'relu' }));
  model.add(tfl.layers.dense({ name: 'fc2', units: 3 }));
  randomizeWeights(model);
  // Dead as a mask leaves a unit: no incoming weight and a zero bias, so it outputs relu(0) = 0.
  editLayer(model, 'conv', (kernel, bias) => { zeroColumn(kernel, 4, 1); if (bias) bias[1] = 0; });
  editLayer(model, 'fc1', (kernel, bias) => { zeroColumn(kernel, 5, 3); if (bias) bias[3] = 0; });
  return model;
}

test('a shrunk model computes the same logits and slot-shaped tensors are sliced like its weights', async () => {
  const model = modelWithDeadUnits();
  const shrunk = await shrinkForTraining(model);
  const inputs = uniformInputs([8, 6, 6, 1]);
  assert.ok(maxOutputDiff(model, shrunk.model, inputs) < 1e-5);
  assert.ok(shrunk.check.maxAbsDiff < 1e-5 && shrunk.check.scale > 0);

  // Slot-like tensors: the weights plus 100, so they differ from the weights and nothing is folded.
  const slots = model.trainableWeights.map((weight) => tf.add(weight.read(), 100));
  const sliced = shrunk.sliceLikeWeights(slots);
  const [convK, convB, fc1K, fc1B, fc2K, fc2B] = slots;
  const keptFilters = [0, 2, 3];
  const keptUnits = [0, 1, 2, 4];
  const expected = tf.tidy(() => [
    tf.gather(convK, keptFilters, 3),
    tf.gather(convB, keptFilters),
    // fc1's rows are 36 positions x 4 channels, channel fastest.
    tf.reshape(tf.gather(tf.gather(tf.reshape(fc1K, [36, 4, 5]), keptFilters, 1), keptUnits, 2), [36 * 3, 4]),
    tf.gather(fc1B, keptUnits),
    tf.gather(fc2K, keptUnits, 0),
    fc2B.clone(),
  ]);
  assert.deepEqual(sliced.map((t) => t.shape), shrunk.model.trainableWeights.map((w) => w.shape));
  assert.deepEqual(sliced.map((t) => Array.from(t.dataSync())), expected.map((t) => Array.from(t.dataSync())));
  tf.dispose([inputs, ...slots, ...sliced, ...expected]);
  shrunk.model.dispose();
  model.dispose();
});
