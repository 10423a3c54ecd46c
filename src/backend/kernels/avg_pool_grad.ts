// TF.js AvgPoolGrad on oneDNN. dy: [n, outH, outW, C] NHWC; input x and dx: [n, inH, inW, C] NHWC.
// Each dy cell is spread over the window cells inside x, divided by their count: the exact gradient of
// AvgPool. The cpu kernel divides by the full window size instead, which differs where a window overlaps
// the padding (SAME); without padding the two agree.
import { AvgPoolGrad, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { cpuKernel, float32OutputToOverwrite, float32Values, nativeContext } from './native_kernel.js';
import { poolGeometry } from './pool_geometry.js';

const avgPoolGrad: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, AvgPoolGrad);
  const { dy, input } = args.inputs;
  if (dy === undefined || input === undefined) return cpuKernel(AvgPoolGrad)(args);
  const geometry = poolGeometry(input.shape, args.attrs);
  const dyValues = float32Values(backend, dy);
  if (geometry === null || dyValues === null) return cpuKernel(AvgPoolGrad)(args);
  const dx = float32OutputToOverwrite(backend, input.shape);
  addon.avgPoolGrad(dyValues, dx.values, geometry);
  return dx.info;
};

export const avgPoolGradConfig: KernelConfig = {
  kernelName: AvgPoolGrad,
  backendName: 'onednn',
  kernelFunc: avgPoolGrad,
};
