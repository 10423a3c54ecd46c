// TF.js DepthwiseConv2dNative on oneDNN (a grouped convolution, one group per input channel).
// x: [n, inH, inW, inC] NHWC; filter: [fH, fW, inC, m]; y: [n, outH, outW, inC * m] NHWC, channel c * m + k
// from input channel c. Strides, SAME / VALID / explicit padding, dilations and m > 1 run natively; NCHW,
// other dtypes and what depthwise_geometry.ts declines run the cpu kernel.
import {
  DepthwiseConv2dNative, type DepthwiseConv2dNativeInputs, type KernelConfig, type KernelFunc,
} from '@tensorflow/tfjs-core';
import { depthwiseOperands } from './depthwise_geometry.js';
import { cpuKernel, float32OutputToOverwrite, nativeContext } from './native_kernel.js';

const depthwiseConv2dNative: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, DepthwiseConv2dNative);
  const { x, filter } = args.inputs as DepthwiseConv2dNativeInputs;
  const operands = depthwiseOperands(backend, x?.shape ?? null, filter?.shape ?? null, args.attrs, [x, filter]);
  if (operands === null) return cpuKernel(DepthwiseConv2dNative)(args);
  const { plan, values: [xValues, filterValues] } = operands;
  const y = float32OutputToOverwrite(backend, plan.info.outShape);
  addon.depthwiseConv2dNative(xValues, filterValues, y.values, plan.geometry);
  return y.info;
};

export const depthwiseConv2dNativeConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNative,
  backendName: 'onednn',
  kernelFunc: depthwiseConv2dNative,
};
