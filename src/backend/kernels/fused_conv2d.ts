// TF.js FusedConv2D on oneDNN: Conv2D (layouts in conv2d.ts), + bias, then an activation, in one
// primitive (bias and activation are applied to each output as it is written). A per-channel bias
// ([outC]) is fused; other biases, prelu, NCHW and non-float32 inputs run the cpu kernel. Its gradient
// (tfjs-core) runs Conv2DBackpropInput / Conv2DBackpropFilter and element-wise kernels.
import { FusedConv2D, type FusedConv2DInputs, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { channelBias } from './channel_bias.js';
import { conv2dInfo, convGeometry, isShape4 } from './conv_geometry.js';
import { hasDilations, isConvAttrs, nativeActivation } from './kernel_attrs.js';
import { cpuKernel, float32OutputToOverwrite, float32Values, nativeContext } from './native_kernel.js';

const fusedConv2d: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, FusedConv2D);
  const { x, filter, bias } = args.inputs as FusedConv2DInputs;
  const { attrs } = args;
  const fallback = () => cpuKernel(FusedConv2D)(args);
  if (!isShape4(x.shape) || !isShape4(filter.shape) || !isConvAttrs(attrs) || !hasDilations(attrs) ||
    filter.shape[2] !== x.shape[3]) {
    return fallback();
  }
  const info = conv2dInfo(x.shape, filter.shape, attrs, attrs.dilations);
  const geometry = convGeometry(info);
  const activation = nativeActivation(attrs);
  const xValues = float32Values(backend, x);
  const filterValues = float32Values(backend, filter);
  if (geometry === null || activation === null || xValues === null || filterValues === null) return fallback();
  const biasValues = channelBias(backend, bias, info.outChannels, 4);
  if (biasValues === undefined) return fallback();
  const y = float32OutputToOverwrite(backend, info.outShape);
  addon.fusedConv2d(xValues, filterValues, biasValues, y.values, geometry, activation.activation, activation.alpha);
  return y.info;
};

export const fusedConv2dConfig: KernelConfig = {
  kernelName: FusedConv2D,
  backendName: 'onednn',
  kernelFunc: fusedConv2d,
};
