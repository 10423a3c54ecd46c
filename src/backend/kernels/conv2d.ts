// TF.js Conv2D on oneDNN. x: [n, inH, inW, inC] NHWC; filter: [fH, fW, inC, outC] HWIO;
// y: [n, outH, outW, outC] NHWC. oneDNN reads x and writes y in place (see native/conv_forward_primitive.h
// for the filter). NCHW and what conv_geometry.ts declines run the cpu kernel. y is computed when read, with
// a following bias add and relu joined (forward_epilogue.ts).
import { Conv2D, FusedConv2D, type Conv2DInputs, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { conv2dInfo, convGeometry, isShape4 } from './conv_geometry.js';
import { hasDilations, isConvAttrs } from './kernel_attrs.js';
import { deferForward } from './forward_epilogue.js';
import { cpuKernel, float32Values, nativeContext } from './native_kernel.js';

const conv2d: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, Conv2D);
  const { x, filter } = args.inputs as Conv2DInputs;
  const { attrs } = args;
  const fallback = () => cpuKernel(Conv2D)(args);
  if (x === undefined || filter === undefined || !isShape4(x.shape) || !isShape4(filter.shape) ||
    !isConvAttrs(attrs) || !hasDilations(attrs) || filter.shape[2] !== x.shape[3]) {
    return fallback();
  }
  const info = conv2dInfo(x.shape, filter.shape, attrs, attrs.dilations);
  const geometry = convGeometry(info);
  const xValues = float32Values(backend, x);
  const filterValues = float32Values(backend, filter);
  if (geometry === null || xValues === null || filterValues === null) return fallback();
  return deferForward(backend, info.outShape, {
    kind: 'forward', kernels: { plain: Conv2D, fused: FusedConv2D }, inputs: [x, filter],
    channels: info.outChannels, bias: null, activation: 'linear',
    run: (bias, activation, y) => {
      if (bias === null && activation === 'linear') addon.conv2d(xValues, filterValues, y, geometry);
      else addon.fusedConv2d(xValues, filterValues, bias, y, geometry, activation, 0);
    },
  });
};

export const conv2dConfig: KernelConfig = {
  kernelName: Conv2D,
  backendName: 'onednn',
  kernelFunc: conv2d,
};
