// TF.js DepthwiseConv2dNative on oneDNN (a grouped convolution, one group per input channel).
// x: [n, inH, inW, inC] NHWC; filter: [fH, fW, inC, m]; y: [n, outH, outW, inC * m] NHWC, channel c * m + k
// from input channel c. Strides, SAME / VALID / explicit padding, dilations and m > 1 run natively; NCHW,
// other dtypes and what depthwise_geometry.ts declines run the cpu kernel.
import {
  DepthwiseConv2dNative, type DepthwiseConv2dNativeInputs, type KernelConfig, type KernelFunc,
} from '@tensorflow/tfjs-core';
import { depthwisePlan } from './depthwise_geometry.js';
import { cpuKernel, float32OutputToOverwrite, float32Values, nativeContext } from './native_kernel.js';

const depthwiseConv2dNative: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, DepthwiseConv2dNative);
  const { x, filter } = args.inputs as DepthwiseConv2dNativeInputs;
  const fallback = () => cpuKernel(DepthwiseConv2dNative)(args);
  if (x === undefined || filter === undefined) return fallback();
  const plan = depthwisePlan(x.shape, filter.shape, args.attrs);
  const xValues = float32Values(backend, x);
  const filterValues = float32Values(backend, filter);
  if (plan === null || xValues === null || filterValues === null) return fallback();
  const y = float32OutputToOverwrite(backend, plan.info.outShape);
  addon.depthwiseConv2dNative(xValues, filterValues, y.values, plan.geometry);
  return y.info;
};

export const depthwiseConv2dNativeConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNative,
  backendName: 'onednn',
  kernelFunc: depthwiseConv2dNative,
};
