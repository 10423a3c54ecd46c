// TF.js DepthwiseConv2dNativeBackpropInput on oneDNN: the gradient of the depthwise convolution with respect
// to x. dy: [n, outH, outW, inC * m] NHWC; filter: [fH, fW, inC, m]; dx: [n, inH, inW, inC] NHWC, with the
// shape from the inputShape attribute. What depthwise_geometry.ts declines runs the cpu kernel. dx is
// computed when first read (deferred_outputs.ts): a network's first depthwise layer reads the data, whose
// gradient nothing wants.
import {
  DepthwiseConv2dNativeBackpropInput, type DepthwiseConv2dNativeBackpropInputInputs, type KernelConfig,
  type KernelFunc,
} from '@tensorflow/tfjs-core';
import { depthwiseOperands, shapeAttr } from './depthwise_geometry.js';
import { cpuKernel, deferredFloat32Output, nativeContext } from './native_kernel.js';

const depthwiseConv2dNativeBackpropInput: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, DepthwiseConv2dNativeBackpropInput);
  const { dy, filter } = args.inputs as DepthwiseConv2dNativeBackpropInputInputs;
  const inputShape = shapeAttr(args.attrs?.inputShape);
  const operands = depthwiseOperands(backend, inputShape, filter?.shape ?? null, args.attrs, [dy, filter], dy);
  if (dy === undefined || filter === undefined || inputShape === null || operands === null) {
    return cpuKernel(DepthwiseConv2dNativeBackpropInput)(args);
  }
  const { plan: { geometry }, values: [dyValues, filterValues] } = operands;
  return deferredFloat32Output(backend, DepthwiseConv2dNativeBackpropInput, inputShape, [dy, filter], (dx) => {
    addon.depthwiseConv2dNativeBackpropInput(dyValues, filterValues, dx, geometry);
  });
};

export const depthwiseConv2dNativeBackpropInputConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  backendName: 'onednn',
  kernelFunc: depthwiseConv2dNativeBackpropInput,
};
