// CgesCenteredChannelSum, a kernel of the onednn backend alone: out[c] = the sum over every axis but the
// last of dy * (x - mean[c]), in one native pass summing in float64. Batch normalisation's gradients with
// respect to its scale and its variance are this sum times a per-channel factor (batch_norm_gradient.ts).
// dy, x: float32 of one shape [..., C]; mean: float32 [C]; out: [C].
import { util, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { float32OutputToOverwrite, float32Values, nativeContext } from './native_kernel.js';

export const CENTERED_CHANNEL_SUM = 'CgesCenteredChannelSum';

const centeredChannelSum: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, CENTERED_CHANNEL_SUM);
  const { dy, x, mean } = args.inputs;
  const [dyValues, xValues, meanValues] = [dy, x, mean].map((t) => (t === undefined ? null : float32Values(backend, t)));
  const channels = x === undefined ? 0 : x.shape[x.shape.length - 1];
  if (dy === undefined || x === undefined || mean === undefined || dyValues === null || xValues === null ||
    meanValues === null || !util.arraysEqual(dy.shape, x.shape) || mean.shape.length !== 1 ||
    mean.shape[0] !== channels || channels === 0) {
    throw new Error(`cges: ${CENTERED_CHANNEL_SUM} takes float32 dy and x of one shape [..., C] and mean [C]`);
  }
  const out = float32OutputToOverwrite(backend, [channels]);
  addon.centeredChannelSum(dyValues, xValues, meanValues, out.values);
  return out.info;
};

export const centeredChannelSumConfig: KernelConfig = {
  kernelName: CENTERED_CHANNEL_SUM,
  backendName: 'onednn',
  kernelFunc: centeredChannelSum,
};
