// CgesBatchNormTrainingGrad, a kernel of the onednn backend alone: the gradient of CgesBatchNormTraining
// (batch_norm_training.ts) in two native passes (native/batch_norm_training_grad.cc). Inputs: dy and x,
// float32 of one shape [..., C]; mean and variance, the forward's outputs [C]; scale [C] or absent (1); dmean
// and dvariance, the upstream gradients of the forward's mean and variance outputs, [C] or absent (0).
// Outputs: dx shaped as x, dscale and doffset [C]. A dy that is relu6's pending gradient of this very
// normalisation's output is read as relu6's dy and mask (normalise_epilogue.ts).
// With N the rows, inv = 1 / sqrt(variance + epsilon):
//   dx = scale * inv * (dy - mean(dy) - (x - mean) * inv^2 * mean(dy * (x - mean)))
//        + dmean / N + dvariance * 2 (x - mean) / N
//   dscale = sum(dy * (x - mean)) * inv, doffset = sum(dy), sums over every axis but the last.
import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { optionalChannelValues } from './batch_norm_training.js';
import { float32OutputToOverwrite, float32Values, nativeContext, pendingRecipe } from './native_kernel.js';
import type { NormalisedRelu6GradRecipe } from './normalise_epilogue.js';

export const BATCH_NORM_TRAINING_GRAD = 'CgesBatchNormTrainingGrad';

const batchNormTrainingGrad: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, BATCH_NORM_TRAINING_GRAD);
  const { dy, x, mean, variance, scale, dmean, dvariance } = args.inputs;
  const epsilon = args.attrs?.varianceEpsilon;
  if (dy === undefined || x === undefined || x.shape.length === 0 || x.shape.includes(0) ||
    !util.arraysEqual(dy.shape, x.shape) || typeof epsilon !== 'number') {
    throw new Error(`cges: ${BATCH_NORM_TRAINING_GRAD} takes non-empty float32 dy and x of one shape [..., C] ` +
      'and a numeric varianceEpsilon');
  }
  // dy may be relu6's gradient of this very normalisation's output, pending (normalise_epilogue.ts): then
  // relu6's dy is read instead and the mask taken here, and dy itself is never computed.
  const pending = pendingRecipe<NormalisedRelu6GradRecipe>(backend, dy, 'normalisedRelu6Grad');
  const same = (a: TensorInfo | null, b: TensorInfo | undefined) => a !== null && b !== undefined &&
    a.dataId === b.dataId;
  const join = pending !== undefined && same(pending.normalise.x, x) && same(pending.normalise.mean, mean) &&
    same(pending.normalise.variance, variance) && same(pending.normalise.scale, scale) ? pending : undefined;
  const upstream = float32Values(backend, join === undefined ? dy : join.dy);
  const xValues = float32Values(backend, x);
  if (upstream === null || xValues === null) {
    throw new Error(`cges: ${BATCH_NORM_TRAINING_GRAD} takes float32 dy and x`);
  }
  const channels = x.shape[x.shape.length - 1];
  const perChannel = (t: TensorInfo | undefined, name: string) => optionalChannelValues(
    (tensor) => float32Values(backend, tensor), t, channels, BATCH_NORM_TRAINING_GRAD, name);
  const [meanValues, varianceValues] = [perChannel(mean, 'mean'), perChannel(variance, 'variance')];
  if (meanValues === null || varianceValues === null) {
    throw new Error(`cges: ${BATCH_NORM_TRAINING_GRAD} needs the forward's mean and variance`);
  }
  const offset = join?.normalise.offset ?? null;
  const dx = float32OutputToOverwrite(backend, x.shape);
  const dscale = float32OutputToOverwrite(backend, [channels]);
  const doffset = float32OutputToOverwrite(backend, [channels]);
  addon.batchNormTrainingGrad(upstream, xValues, meanValues, varianceValues, perChannel(scale, 'scale'),
    offset === null ? null : float32Values(backend, offset), perChannel(dmean, 'dmean'),
    perChannel(dvariance, 'dvariance'), dx.values, dscale.values, doffset.values, epsilon,
    join === undefined ? 'linear' : 'relu6');
  return [dx.info, dscale.info, doffset.info];
};

export const batchNormTrainingGradConfig: KernelConfig = {
  kernelName: BATCH_NORM_TRAINING_GRAD,
  backendName: 'onednn',
  kernelFunc: batchNormTrainingGrad,
};
