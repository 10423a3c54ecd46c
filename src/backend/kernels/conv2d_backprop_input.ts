// TF.js Conv2DBackpropInput on oneDNN: the gradient of Conv2D with respect to x (also conv2dTranspose).
// dy: [n, outH, outW, outC] NHWC; filter: [fH, fW, inC, outC] HWIO; dx: [n, inH, inW, inC] NHWC, with
// inH, inW from the inputShape attribute. Dilation is 1, as TF.js defines this kernel. NCHW and what
// conv_geometry.ts declines run the cpu kernel.
import {
  Conv2DBackpropInput, type Conv2DBackpropInputInputs, type KernelConfig, type KernelFunc,
} from '@tensorflow/tfjs-core';
import { conv2dInfo, convGeometry, isShape4 } from './conv_geometry.js';
import { isConvAttrs } from './kernel_attrs.js';
import { cpuKernel, float32OutputToOverwrite, float32Values, nativeContext } from './native_kernel.js';

const conv2dBackpropInput: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, Conv2DBackpropInput);
  const { dy, filter } = args.inputs as Conv2DBackpropInputInputs;
  const { attrs } = args;
  const inputShape = attrs?.inputShape;
  const fallback = () => cpuKernel(Conv2DBackpropInput)(args);
  if (dy === undefined || filter === undefined || !isShape4(filter.shape) || !isConvAttrs(attrs) ||
    !Array.isArray(inputShape) || !inputShape.every((dim) => typeof dim === 'number') || !isShape4(inputShape)) {
    return fallback();
  }
  const info = conv2dInfo(inputShape, filter.shape, attrs, 1);
  const geometry = convGeometry(info);
  const dyValues = float32Values(backend, dy);
  const filterValues = float32Values(backend, filter);
  const dyMatches = dy.shape.length === 4 && dy.shape.every((dim, i) => dim === info.outShape[i]);
  if (geometry === null || !dyMatches || filter.shape[2] !== info.inChannels || dyValues === null ||
    filterValues === null) {
    return fallback();
  }
  const dx = float32OutputToOverwrite(backend, info.inShape);
  addon.conv2dBackpropInput(dyValues, filterValues, dx.values, geometry);
  return dx.info;
};

export const conv2dBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'onednn',
  kernelFunc: conv2dBackpropInput,
};
