// TF.js DepthwiseConv2dNativeBackpropFilter on oneDNN: the gradient of the depthwise convolution with
// respect to its filter. x: [n, inH, inW, inC] NHWC; dy: [n, outH, outW, inC * m] NHWC; dw: [fH, fW, inC, m],
// with the shape from the filterShape attribute. What depthwise_geometry.ts declines runs the cpu kernel.
import {
  DepthwiseConv2dNativeBackpropFilter, type DepthwiseConv2dNativeBackpropFilterInputs, type KernelConfig,
  type KernelFunc,
} from '@tensorflow/tfjs-core';
import { depthwiseOperands, shapeAttr } from './depthwise_geometry.js';
import { cpuKernel, float32OutputToOverwrite, nativeContext } from './native_kernel.js';

const depthwiseConv2dNativeBackpropFilter: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, DepthwiseConv2dNativeBackpropFilter);
  const { x, dy } = args.inputs as DepthwiseConv2dNativeBackpropFilterInputs;
  const filterShape = shapeAttr(args.attrs?.filterShape);
  const operands = depthwiseOperands(backend, x?.shape ?? null, filterShape, args.attrs, [x, dy], dy);
  if (filterShape === null || operands === null) return cpuKernel(DepthwiseConv2dNativeBackpropFilter)(args);
  const { plan, values: [xValues, dyValues] } = operands;
  const dw = float32OutputToOverwrite(backend, filterShape);
  addon.depthwiseConv2dNativeBackpropFilter(xValues, dyValues, dw.values, plan.geometry);
  return dw.info;
};

export const depthwiseConv2dNativeBackpropFilterConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: 'onednn',
  kernelFunc: depthwiseConv2dNativeBackpropFilter,
};
