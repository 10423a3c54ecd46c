// CgesBatchNormTrainingGrad, a kernel of the onednn backend alone: the gradient of CgesBatchNormTraining
// (batch_norm_training.ts) in two native passes (native/batch_norm_training_grad.cc). Inputs: dy and x,
// float32 of one shape [..., C]; mean and variance, the forward's outputs [C]; scale [C] or absent (1); dmean
// and dvariance, the upstream gradients of the forward's mean and variance outputs, [C] or absent (0).
// Outputs: dx shaped as x, dscale and doffset [C]. With N the rows, inv = 1 / sqrt(variance + epsilon):
//   dx = scale * inv * (dy - mean(dy) - (x - mean) * inv^2 * mean(dy * (x - mean)))
//        + dmean / N + dvariance * 2 (x - mean) / N
//   dscale = sum(dy * (x - mean)) * inv, doffset = sum(dy), sums over every axis but the last.
import { util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { optionalChannelValues } from './batch_norm_training.js';
import { float32OutputToOverwrite, float32Values, nativeContext } from './native_kernel.js';

export const BATCH_NORM_TRAINING_GRAD = 'CgesBatchNormTrainingGrad';

const batchNormTrainingGrad: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, BATCH_NORM_TRAINING_GRAD);
  const { dy, x, mean, variance, scale, dmean, dvariance } = args.inputs;
  const epsilon = args.attrs?.varianceEpsilon;
  const [dyValues, xValues] = [dy, x].map((t) => (t === undefined ? null : float32Values(backend, t)));
  if (dy === undefined || x === undefined || dyValues === null || xValues === null || x.shape.length === 0 ||
    xValues.length === 0 || !util.arraysEqual(dy.shape, x.shape) || typeof epsilon !== 'number') {
    throw new Error(`cges: ${BATCH_NORM_TRAINING_GRAD} takes non-empty float32 dy and x of one shape [..., C] ` +
      'and a numeric varianceEpsilon');
  }
  const channels = x.shape[x.shape.length - 1];
  const perChannel = (t: TensorInfo | undefined, name: string) => optionalChannelValues(
    (tensor) => float32Values(backend, tensor), t, channels, BATCH_NORM_TRAINING_GRAD, name);
  const [meanValues, varianceValues] = [perChannel(mean, 'mean'), perChannel(variance, 'variance')];
  if (meanValues === null || varianceValues === null) {
    throw new Error(`cges: ${BATCH_NORM_TRAINING_GRAD} needs the forward's mean and variance`);
  }
  const dx = float32OutputToOverwrite(backend, x.shape);
  const dscale = float32OutputToOverwrite(backend, [channels]);
  const doffset = float32OutputToOverwrite(backend, [channels]);
  addon.batchNormTrainingGrad(dyValues, xValues, meanValues, varianceValues, perChannel(scale, 'scale'),
    perChannel(dmean, 'dmean'), perChannel(dvariance, 'dvariance'), dx.values, dscale.values, doffset.values, epsilon);
  return [dx.info, dscale.info, doffset.info];
};

export const batchNormTrainingGradConfig: KernelConfig = {
  kernelName: BATCH_NORM_TRAINING_GRAD,
  backendName: 'onednn',
  kernelFunc: batchNormTrainingGrad,
};
