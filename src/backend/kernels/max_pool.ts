// TF.js MaxPool on oneDNN: the max over each window. x: [n, inH, inW, C] NHWC; y: [n, outH, outW, C] NHWC.
import { MaxPool, type KernelConfig } from '@tensorflow/tfjs-core';
import { poolForwardKernel } from './pool_forward.js';

export const maxPoolConfig: KernelConfig = {
  kernelName: MaxPool,
  backendName: 'onednn',
  kernelFunc: poolForwardKernel(MaxPool, (addon, x, y, geometry) => addon.maxPool(x, y, geometry)),
};
