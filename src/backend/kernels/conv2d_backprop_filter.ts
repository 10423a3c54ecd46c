// TF.js Conv2DBackpropFilter on oneDNN: the gradient of Conv2D with respect to its filter.
// x: [n, inH, inW, inC] NHWC; dy: [n, outH, outW, outC] NHWC; dw: [fH, fW, inC, outC] HWIO, with the
// shape from the filterShape attribute. Dilation is 1, as TF.js defines this kernel. NCHW and what
// conv_geometry.ts declines run the cpu kernel.
import {
  Conv2DBackpropFilter, type Conv2DBackpropFilterInputs, type KernelConfig, type KernelFunc,
} from '@tensorflow/tfjs-core';
import { conv2dInfo, convGeometry, isShape4 } from './conv_geometry.js';
import { isConvAttrs } from './kernel_attrs.js';
import { cpuKernel, float32OutputToOverwrite, float32Values, nativeContext } from './native_kernel.js';

const conv2dBackpropFilter: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, Conv2DBackpropFilter);
  const { x, dy } = args.inputs as Conv2DBackpropFilterInputs;
  const { attrs } = args;
  const filterShape = attrs?.filterShape;
  const fallback = () => cpuKernel(Conv2DBackpropFilter)(args);
  if (x === undefined || dy === undefined || !isShape4(x.shape) || !isConvAttrs(attrs) ||
    !Array.isArray(filterShape) || !filterShape.every((dim) => typeof dim === 'number') ||
    !isShape4(filterShape)) {
    return fallback();
  }
  const info = conv2dInfo(x.shape, filterShape, attrs, 1);
  const geometry = convGeometry(info);
  const xValues = float32Values(backend, x);
  const dyValues = float32Values(backend, dy);
  const dyMatches = dy.shape.length === 4 && dy.shape.every((dim, i) => dim === info.outShape[i]);
  if (geometry === null || !dyMatches || filterShape[2] !== info.inChannels || xValues === null ||
    dyValues === null) {
    return fallback();
  }
  const dw = float32OutputToOverwrite(backend, info.filterShape);
  addon.conv2dBackpropFilter(xValues, dyValues, dw.values, geometry);
  return dw.info;
};

export const conv2dBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'onednn',
  kernelFunc: conv2dBackpropFilter,
};
