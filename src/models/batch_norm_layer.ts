// tfjs-layers' BatchNormalization in training mode takes the batch's statistics with tf.moments and
// normalises with tf.batchNorm: some fifteen passes over the activation forward and backward, most of a
// ResNet's training step on the onednn backend. Where the backend has the native kernel
// (src/backend/batch_norm_training.ts) and the statistics are over every axis but the last (the layer's
// default axis -1, as Keras and tensorflowjs_converter write it), this layer's call in training mode runs
// that one op instead, then moves the moving statistics as tfjs-layers does:
//   moving <- moving - (moving - batch) * (1 - momentum).
// Inference, other axes, other dtypes and other backends run the layer's own call, unchanged.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { batchNormTraining, nativeBatchNormTraining } from '../backend/batch_norm_training.js';
import { overrideLayerCall } from './layer_call_override.js';

type BatchNormLayer = ReturnType<typeof tfl.layers.batchNormalization>;

/** What the training path reads of a layer, from its config and its weights (the fields are private). */
interface TrainingParts {
  axis: number;
  momentum: number;
  epsilon: number;
  gamma?: tfl.LayerVariable;
  beta?: tfl.LayerVariable;
  movingMean: tfl.LayerVariable;
  movingVariance: tfl.LayerVariable;
}

const partsOfLayer = new WeakMap<BatchNormLayer, TrainingParts | null>();

/** The layer's parts, or null when its config is not one the native path covers. */
function trainingParts(layer: BatchNormLayer): TrainingParts | null {
  const known = partsOfLayer.get(layer);
  if (known !== undefined) return known;
  const { axis, momentum, epsilon } = layer.getConfig();
  const weight = (name: string) => layer.weights.find((w) => w.originalName.split('/').pop() === name);
  const [gamma, beta, movingMean, movingVariance] = ['gamma', 'beta', 'moving_mean', 'moving_variance'].map(weight);
  const parts = typeof axis === 'number' && typeof momentum === 'number' && typeof epsilon === 'number' &&
    movingMean !== undefined && movingVariance !== undefined
    ? { axis, momentum, epsilon, gamma, beta, movingMean, movingVariance }
    : null;
  // Weights exist once the layer is built, which its first call does before reaching here.
  if (layer.built) partsOfLayer.set(layer, parts);
  return parts;
}

function moveTowards(moving: tfl.LayerVariable, batch: tf.Tensor, momentum: number): void {
  tf.tidy(() => {
    const value = moving.read();
    moving.write(tf.sub(value, tf.mul(tf.sub(value, batch), 1 - momentum)));
  });
}

overrideLayerCall(tfl.layers.batchNormalization({}), (layer, input, kwargs) => {
  const parts = kwargs.training === true && layer.built ? trainingParts(layer) : null;
  if (parts === null || input.dtype !== 'float32' || input.rank < 2 || input.size === 0 ||
    (parts.axis + input.rank) % input.rank !== input.rank - 1 || !nativeBatchNormTraining()) {
    return null;
  }
  return tf.tidy(() => {
    const { y, mean, variance } = batchNormTraining(input, (parts.gamma?.read() ?? null) as tf.Tensor1D | null,
      (parts.beta?.read() ?? null) as tf.Tensor1D | null, parts.epsilon);
    moveTowards(parts.movingMean, mean, parts.momentum);
    moveTowards(parts.movingVariance, variance, parts.momentum);
    return y;
  });
});
