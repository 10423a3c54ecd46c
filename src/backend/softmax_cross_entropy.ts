// The mean softmax cross-entropy of a batch, tf.losses.softmaxCrossEntropy(labels, logits) with no weights
// and no label smoothing, the training step's loss. TF.js composes it of some 37 kernels forward and
// backward (max, exp, log, sums, casts, divisions), each with the engine's bookkeeping; on the onednn backend
// one native call computes the loss and both gradients (kernels/softmax_cross_entropy.ts), the same numbers
// step for step. Other backends run TF.js's own.
import * as tf from '@tensorflow/tfjs-core';
import { SOFTMAX_CROSS_ENTROPY } from './kernels/softmax_cross_entropy.js';
import { ONEDNN_BACKEND } from './onednn_backend.js';

// customGrad passes the op's inputs, then the save function, as one argument list.
const nativeLoss = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [labels, logits, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
  const [loss, dLogits, dLabels] = tf.engine().runKernel(SOFTMAX_CROSS_ENTROPY, { labels, logits }) as tf.Tensor[];
  save([dLabels, dLogits]);
  return {
    value: loss,
    // The kernel's gradients are for a loss gradient of 1; a scaled loss scales them.
    gradFunc: (dy, saved) => [tf.mul(dy, saved[0]), tf.mul(dy, saved[1])],
  };
});

/**
 * labels, logits: [batch, classes]; the loss is their mean softmax cross-entropy over the batch. Labels
 * may be int32 (a one-hot from tf.oneHot), as TF.js's op casts them.
 */
export function softmaxCrossEntropyLoss(labels: tf.Tensor, logits: tf.Tensor): tf.Scalar {
  const native = tf.getBackend() === ONEDNN_BACKEND && logits.dtype === 'float32' && logits.rank === 2 &&
    tf.util.arraysEqual(labels.shape, logits.shape) && logits.shape[0] > 0;
  if (!native) return tf.losses.softmaxCrossEntropy<tf.Tensor, tf.Scalar>(labels, logits);
  return tf.tidy(() => nativeLoss(tf.cast(labels, 'float32'), logits) as tf.Scalar);
}
