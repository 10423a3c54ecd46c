// TF.js FusedBatchNorm (tf.batchNorm) on float32 through one native pass, with per-channel statistics:
// x: any shape whose last axis is the channel (NHWC activations, [batch, units]); mean, variance, offset,
// scale: one value per channel, each of shape [C] or [1, ..., 1, C] (tfjs-layers passes [C]); offset and
// scale may be absent. out = offset + (x - mean) * scale / sqrt(variance + varianceEpsilon), shaped as x.
// Statistics that broadcast otherwise, and other dtypes, run the cpu kernel. The output is computed when
// read, and a relu or relu6 reading it joins it (normalise_epilogue.ts).
import {
  FusedBatchNorm, type FusedBatchNormInputs, type KernelConfig, type KernelFunc, type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { cpuKernel, float32Values, nativeContext } from './native_kernel.js';
import { deferNormalise } from './normalise_epilogue.js';

/** The values of a per-channel tensor of `channels` values, or null (absent: undefined). */
function channelValues(backend: MathBackendCPU, t: TensorInfo | undefined, channels: number):
  Float32Array | null | undefined {
  if (t === undefined) return undefined;
  const shape = t.shape;
  const perChannel = shape.length >= 1 && shape[shape.length - 1] === channels &&
    shape.slice(0, -1).every((dim) => dim === 1);
  return perChannel ? float32Values(backend, t) : null;
}

const fusedBatchNorm: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, FusedBatchNorm);
  const { x, mean, variance, offset, scale } = args.inputs as FusedBatchNormInputs;
  const epsilon = args.attrs?.varianceEpsilon;
  const fallback = () => cpuKernel(FusedBatchNorm)(args);
  if (x === undefined || mean === undefined || variance === undefined || typeof epsilon !== 'number' ||
    x.shape.length === 0) {
    return fallback();
  }
  const channels = x.shape[x.shape.length - 1];
  const xValues = float32Values(backend, x);
  const stats = [mean, variance, offset, scale].map((t) => channelValues(backend, t, channels));
  const [meanValues, varianceValues, offsetValues, scaleValues] = stats;
  if (xValues === null || xValues.length === 0 || meanValues === null || meanValues === undefined ||
    varianceValues === null || varianceValues === undefined || offsetValues === null || scaleValues === null) {
    return fallback();
  }
  return deferNormalise(backend, addon, { kind: 'normalise', kernel: FusedBatchNorm, x, mean, variance,
    offset: offset ?? null, scale: scale ?? null, epsilon, activation: 'linear' });
};

export const fusedBatchNormConfig: KernelConfig = {
  kernelName: FusedBatchNorm,
  backendName: 'onednn',
  kernelFunc: fusedBatchNorm,
};
