// The data losses a run trains on, each of a model's raw output z: [batch, K] and a target y: [batch, K]
// (one-hot class labels, or a float label matrix), each a mean over the batch:
// - softmax-ce: -sum_k y_k log softmax(z)_k per example (Keras's categorical cross-entropy from logits);
// - sigmoid-ce: mean over the K outputs of max(z, 0) - z y + log(1 + exp(-|z|)), the cross-entropy of
//   sigmoid(z) against y in its overflow-free form (Keras's binary cross-entropy from logits: multi-label);
// - mse: mean over the K outputs of (z - y)^2 (Keras's mean squared error: regression).
// A model whose last layer applies softmax or sigmoid trains on the output before it (output_head.ts).
import * as tf from '@tensorflow/tfjs-core';
import { softmaxCrossEntropyLoss } from '../backend/softmax_cross_entropy.js';
import { CgesError } from '../util/errors.js';

export const LOSS_NAMES = ['softmax-ce', 'sigmoid-ce', 'mse'] as const;
export type LossName = (typeof LOSS_NAMES)[number];

/** target, output: [batch, K]; the mean loss of the batch. */
export type LossFunction = (target: tf.Tensor, output: tf.Tensor) => tf.Scalar;

/** The output activation a cross-entropy loss applies itself, which a model's head must not apply again. */
export const LOSS_ACTIVATION: Record<LossName, 'softmax' | 'sigmoid' | null> = {
  'softmax-ce': 'softmax', 'sigmoid-ce': 'sigmoid', mse: null,
};

function sigmoidCrossEntropy(target: tf.Tensor, output: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const y = tf.cast(target, 'float32');
    const terms = tf.add(tf.sub(tf.relu(output), tf.mul(output, y)), tf.log1p(tf.exp(tf.neg(tf.abs(output)))));
    return tf.mean(terms);
  });
}

function meanSquaredError(target: tf.Tensor, output: tf.Tensor): tf.Scalar {
  return tf.tidy(() => tf.mean(tf.square(tf.sub(output, tf.cast(target, 'float32')))));
}

const LOSSES: Record<LossName, LossFunction> = {
  'softmax-ce': softmaxCrossEntropyLoss,
  'sigmoid-ce': sigmoidCrossEntropy,
  mse: meanSquaredError,
};

export function isLossName(name: string): name is LossName {
  return (LOSS_NAMES as readonly string[]).includes(name);
}

export function lossFunction(name: string): LossFunction {
  if (!isLossName(name)) throw new CgesError(`unknown loss "${name}"; valid losses: ${LOSS_NAMES.join(', ')}`);
  return LOSSES[name];
}
