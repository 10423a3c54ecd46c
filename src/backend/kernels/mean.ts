// TF.js Mean on float32 over a run of adjacent axes: the native Sum (sum.ts, float64 accumulation) divided
// by the number of values summed. Batch normalisation in training takes two means over every axis but the
// channel (tf.moments), and global average pooling is a mean over the spatial axes; the cpu kernel runs
// Cast, RealDiv and Sum in JavaScript over the whole input. Other dtypes and other axes run the cpu kernel.
import { Mean, util, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { cpuKernel, nativeContext } from './native_kernel.js';
import { nativeAxisSum, reductionAxes } from './sum.js';

const mean: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, Mean);
  const { x } = args.inputs;
  const { axis, keepDims } = args.attrs ?? {};
  const axes = x === undefined ? null : reductionAxes(x, axis);
  const out = x === undefined || axes === null ? null : nativeAxisSum(backend, addon, x, axes, keepDims === true);
  if (x === undefined || axes === null || out === null) return cpuKernel(Mean)(args);
  const count = util.sizeFromShape(axes.map((a) => x.shape[a]));
  for (let i = 0; i < out.values.length; i++) out.values[i] /= count;
  return out.info;
};

export const meanConfig: KernelConfig = {
  kernelName: Mean,
  backendName: 'onednn',
  kernelFunc: mean,
};
