// TF.js Relu on float32 through a native loop: out = max(0, x), NaN kept. x, out: any shape, same shape.
import { Relu, type KernelConfig } from '@tensorflow/tfjs-core';
import { float32UnaryKernel } from './float32_unary.js';

export const reluConfig: KernelConfig = {
  kernelName: Relu,
  backendName: 'onednn',
  kernelFunc: float32UnaryKernel(Relu, (addon, x, out) => {
    addon.relu(x, out);
    return true;
  }),
};
