// TF.js DepthwiseConv2dNativeBackpropFilter on oneDNN: the gradient of the depthwise convolution with
// respect to its filter. x: [n, inH, inW, inC] NHWC; dy: [n, outH, outW, inC * m] NHWC; dw: [fH, fW, inC, m],
// with the shape from the filterShape attribute. What depthwise_geometry.ts declines runs the cpu kernel.
import {
  DepthwiseConv2dNativeBackpropFilter, type DepthwiseConv2dNativeBackpropFilterInputs, type KernelConfig,
  type KernelFunc,
} from '@tensorflow/tfjs-core';
import { depthwisePlan, isOutShape, shapeAttr } from './depthwise_geometry.js';
import { cpuKernel, float32OutputToOverwrite, float32Values, nativeContext } from './native_kernel.js';

const depthwiseConv2dNativeBackpropFilter: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, DepthwiseConv2dNativeBackpropFilter);
  const { x, dy } = args.inputs as DepthwiseConv2dNativeBackpropFilterInputs;
  const filterShape = shapeAttr(args.attrs?.filterShape);
  const fallback = () => cpuKernel(DepthwiseConv2dNativeBackpropFilter)(args);
  if (x === undefined || dy === undefined || filterShape === null) return fallback();
  const plan = depthwisePlan(x.shape, filterShape, args.attrs);
  const xValues = float32Values(backend, x);
  const dyValues = float32Values(backend, dy);
  if (plan === null || !isOutShape(dy.shape, plan) || xValues === null || dyValues === null) return fallback();
  const dw = float32OutputToOverwrite(backend, filterShape);
  addon.depthwiseConv2dNativeBackpropFilter(xValues, dyValues, dw.values, plan.geometry);
  return dw.info;
};

export const depthwiseConv2dNativeBackpropFilterConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: 'onednn',
  kernelFunc: depthwiseConv2dNativeBackpropFilter,
};
