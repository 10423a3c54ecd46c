// TF.js MaxPoolGrad natively: each dy cell goes to the first maximum of its window in x.
// dy: [n, outH, outW, C] NHWC; input x and dx: [n, inH, inW, C] NHWC. The forward output TF.js also passes
// is not needed: the native side finds each window's first maximum in x, as the cpu kernel does.
import { MaxPoolGrad, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { cpuKernel, float32OutputToOverwrite, float32Values, nativeContext } from './native_kernel.js';
import { poolGeometry } from './pool_geometry.js';

const maxPoolGrad: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, MaxPoolGrad);
  const { dy, input } = args.inputs;
  if (dy === undefined || input === undefined) return cpuKernel(MaxPoolGrad)(args);
  const geometry = poolGeometry(input.shape, args.attrs);
  const dyValues = float32Values(backend, dy);
  const xValues = float32Values(backend, input);
  if (geometry === null || dyValues === null || xValues === null) return cpuKernel(MaxPoolGrad)(args);
  const dx = float32OutputToOverwrite(backend, input.shape);
  addon.maxPoolGrad(dyValues, xValues, dx.values, geometry);
  return dx.info;
};

export const maxPoolGradConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: 'onednn',
  kernelFunc: maxPoolGrad,
};
