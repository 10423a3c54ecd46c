// Batch normalisation in training mode, the op: the batch's statistics over every axis of x but the last
// (the channel), and x normalised with them.
//   mean = mean(x), variance = mean((x - mean)^2) (biased, as tf.moments), both [C];
//   y = offset + (x - mean) * scale / sqrt(variance + epsilon), shaped as x.
// On a backend with the CgesBatchNormTraining kernel (onednn) it is that one kernel, two passes over x, and
// its gradient one CgesBatchNormTrainingGrad, two passes over dy and x; elsewhere TF.js's tf.moments and
// tf.batchNorm, as tfjs-layers composes them, with TF.js's gradients (some fifteen passes over the
// activation between them, which made training-mode BatchNorm most of a ResNet step on onednn).
import * as tf from '@tensorflow/tfjs-core';
import { BATCH_NORM_TRAINING } from './kernels/batch_norm_training.js';
import { BATCH_NORM_TRAINING_GRAD } from './kernels/batch_norm_training_grad.js';

export interface BatchStatistics {
  y: tf.Tensor;
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
}

/** Whether the current backend runs batchNormTraining as its one native kernel. */
export function nativeBatchNormTraining(): boolean {
  return tf.getKernel(BATCH_NORM_TRAINING, tf.getBackend()) !== undefined;
}

/** scale and offset: [C] or null (1 and 0); x: float32 [..., C] of rank 2 or more. */
export function batchNormTraining(x: tf.Tensor, scale: tf.Tensor1D | null, offset: tf.Tensor1D | null,
  epsilon: number): BatchStatistics {
  if (x.rank < 2 || x.dtype !== 'float32' || x.size === 0) {
    throw new Error(`cges: batchNormTraining takes a non-empty float32 x of rank 2 or more, got ${x.dtype} ` +
      `[${x.shape.join(', ')}]`);
  }
  // An absent scale or offset is ones or zeros here: TF.js's engine cannot save an absent input for a
  // gradient, nor follow one through the tape (the engine keeps clones of what it saves).
  const channels = x.shape[x.rank - 1];
  const scaleOrOnes = scale ?? tf.ones([channels]);
  const offsetOrZeros = offset ?? tf.zeros([channels]);
  try {
    if (nativeBatchNormTraining()) {
      const [y, mean, variance] = tf.engine().runKernel(BATCH_NORM_TRAINING,
        { x, scale: scaleOrOnes, offset: offsetOrZeros }, { varianceEpsilon: epsilon }) as [tf.Tensor, tf.Tensor1D,
        tf.Tensor1D];
      return { y, mean, variance };
    }
    return tf.tidy(() => {
      const axes = x.shape.slice(0, -1).map((_, axis) => axis);
      const { mean, variance } = tf.moments(x, axes);
      const y = tf.batchNorm(x, mean, variance, offsetOrZeros, scaleOrOnes, epsilon);
      return { y, mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
    });
  } finally {
    if (scaleOrOnes !== scale) scaleOrOnes.dispose();
    if (offsetOrZeros !== offset) offsetOrZeros.dispose();
  }
}

/** The gradient of CgesBatchNormTraining: one CgesBatchNormTrainingGrad for x, scale and offset at once. */
export function installBatchNormTrainingGradient(): void {
  tf.registerGradient({
    kernelName: BATCH_NORM_TRAINING,
    inputsToSave: ['x', 'scale'],
    outputsToSave: [false, true, true],
    gradFunc: (dys, saved, attrs) => {
      const [x, scale, mean, variance] = saved;
      const [dy, dmean, dvariance] = Array.isArray(dys) ? dys : [dys];
      const inputs: tf.NamedTensorMap = { dy: dy ?? tf.zerosLike(x), x, mean, variance, scale };
      if (dmean !== undefined && dmean !== null) inputs.dmean = dmean;
      if (dvariance !== undefined && dvariance !== null) inputs.dvariance = dvariance;
      const [dx, dscale, doffset] = tf.engine().runKernel(BATCH_NORM_TRAINING_GRAD, inputs, attrs) as tf.Tensor[];
      // Each thunk returns a tensor of its own: what this body makes is disposed when the backward pass ends.
      return {
        x: () => tf.reshape(dx, dx.shape),
        scale: () => tf.reshape(dscale, dscale.shape),
        offset: () => tf.reshape(doffset, doffset.shape),
      };
    },
  });
}
