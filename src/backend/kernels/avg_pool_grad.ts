// TF.js AvgPoolGrad on oneDNN. dy: [n, outH, outW, C] NHWC; input x and dx: [n, inH, inW, C] NHWC.
// Each dy cell is divided by the whole window (fH * fW) and added to the window's cells inside x, as the
// cpu kernel does, wherever the window overlaps the padding (SAME or explicit): TF.js's AvgPoolGrad
// contract, which its own tests hold every backend to, though its forward AvgPool divides by the cells
// inside x.
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
