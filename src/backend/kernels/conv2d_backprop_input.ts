// TF.js Conv2DBackpropInput on oneDNN: the gradient of Conv2D with respect to x (also conv2dTranspose).
// dy: [n, outH, outW, outC] NHWC; filter: [fH, fW, inC, outC] HWIO; dx: [n, inH, inW, inC] NHWC, with
// inH, inW from the inputShape attribute. Dilation is 1, as TF.js defines this kernel. NCHW and what
// conv_geometry.ts declines run the cpu kernel. dx is computed when first read (deferred_outputs.ts).
import {
  Conv2DBackpropInput, type Conv2DBackpropInputInputs, type KernelConfig, type KernelFunc,
} from '@tensorflow/tfjs-core';
import { conv2dInfo, convGeometry, isShape4 } from './conv_geometry.js';
import { isConvAttrs } from './kernel_attrs.js';
import { cpuKernel, deferredFloat32Output, float32Values, nativeContext } from './native_kernel.js';

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
  // Deferred: tf.fused.conv2d's gradient asks for dx even where its input is the data, and drops it.
  return deferredFloat32Output(backend, Conv2DBackpropInput, info.inShape, [dy, filter], (dx) => {
    addon.conv2dBackpropInput(dyValues, filterValues, dx, geometry);
  });
};

export const conv2dBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'onednn',
  kernelFunc: conv2dBackpropInput,
};
