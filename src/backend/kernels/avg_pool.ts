// TF.js AvgPool on oneDNN: the mean over the window cells inside x, as the cpu kernel computes it.
// x: [n, inH, inW, C] NHWC; y: [n, outH, outW, C] NHWC.
import { AvgPool, type KernelConfig } from '@tensorflow/tfjs-core';
import { poolForwardKernel } from './pool_forward.js';

export const avgPoolConfig: KernelConfig = {
  kernelName: AvgPool,
  backendName: 'onednn',
  kernelFunc: poolForwardKernel(AvgPool, (addon, x, y, geometry) => addon.avgPool(x, y, geometry)),
};
