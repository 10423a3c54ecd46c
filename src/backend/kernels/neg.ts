// TF.js Neg on float32 through a native loop: out = -x, signed zeros and NaN kept. x, out: any shape, same
// shape. Softmax cross-entropy negates its per-class terms with it. Other dtypes run the cpu kernel.
import { Neg, type KernelConfig } from '@tensorflow/tfjs-core';
import { float32UnaryKernel } from './float32_unary.js';

export const negConfig: KernelConfig = {
  kernelName: Neg,
  backendName: 'onednn',
  kernelFunc: float32UnaryKernel(Neg, (addon, x, out) => {
    addon.neg(x, out);
    return true;
  }),
};
