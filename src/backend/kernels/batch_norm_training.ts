// CgesBatchNormTraining, a kernel of the onednn backend alone: batch normalisation in training mode in two
// native passes over x, where tf.moments and tf.batchNorm run five: the statistics in one
// (native/batch_norm_training.cc), the normalised output, when read, in the other (a relu or relu6 reading
// it joins it: normalise_epilogue.ts).
// x: float32 [..., C], the channel last (NHWC activations, [batch, units]); scale, offset: float32 [C], or
// absent (1 and 0); attrs.varianceEpsilon. Outputs: y shaped as x, and the batch's mean and (biased)
// variance, each [C]:
//   mean = mean(x) and variance = mean((x - mean)^2) over every axis but the last,
//   y = offset + (x - mean) * scale / sqrt(variance + varianceEpsilon).
// batch_norm_training_op.ts runs it, and its gradient (batch_norm_training_grad.ts).
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { float32OutputToOverwrite, float32Values, nativeContext } from './native_kernel.js';
import { deferNormalise } from './normalise_epilogue.js';

export const BATCH_NORM_TRAINING = 'CgesBatchNormTraining';

/** The float32 values of an optional per-channel input; throws on any other shape or dtype. */
export function optionalChannelValues(values: (t: TensorInfo) => Float32Array | null, t: TensorInfo | undefined,
  channels: number, kernel: string, name: string): Float32Array | null {
  if (t === undefined) return null;
  const found = values(t);
  if (found === null || t.shape.length !== 1 || t.shape[0] !== channels) {
    throw new Error(`cges: ${kernel} takes ${name} as float32 [${channels}], got ${t.dtype} [${t.shape.join(', ')}]`);
  }
  return found;
}

const batchNormTraining: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, BATCH_NORM_TRAINING);
  const { x, scale, offset } = args.inputs;
  const epsilon = args.attrs?.varianceEpsilon;
  const xValues = x === undefined ? null : float32Values(backend, x);
  if (x === undefined || xValues === null || x.shape.length === 0 || xValues.length === 0 ||
    typeof epsilon !== 'number') {
    throw new Error(`cges: ${BATCH_NORM_TRAINING} takes a non-empty float32 x [..., C] and a numeric varianceEpsilon`);
  }
  const channels = x.shape[x.shape.length - 1];
  const values = (t: TensorInfo) => float32Values(backend, t);
  optionalChannelValues(values, scale, channels, BATCH_NORM_TRAINING, 'scale');
  optionalChannelValues(values, offset, channels, BATCH_NORM_TRAINING, 'offset');
  const mean = float32OutputToOverwrite(backend, [channels]);
  const variance = float32OutputToOverwrite(backend, [channels]);
  addon.batchNormTraining(xValues, mean.values, variance.values);
  const y = deferNormalise(backend, addon, { kind: 'normalise', kernel: BATCH_NORM_TRAINING, x, mean: mean.info,
    variance: variance.info, offset: offset ?? null, scale: scale ?? null, epsilon, activation: 'linear' });
  return [y, mean.info, variance.info];
};

export const batchNormTrainingConfig: KernelConfig = {
  kernelName: BATCH_NORM_TRAINING,
  backendName: 'onednn',
  kernelFunc: batchNormTraining,
};
