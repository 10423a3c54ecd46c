// TF.js Sub on float32 through a native loop: equal shapes, a scalar, or a block broadcast (see
// cyclic_binary.ts) such as log-softmax's logits [n, k] - logSumExp [n, 1]. Other dtypes and broadcasts run
// the cpu kernel.
import { Sub, type KernelConfig } from '@tensorflow/tfjs-core';
import { cyclicBinaryKernel } from './cyclic_binary.js';

export const subConfig: KernelConfig = {
  kernelName: Sub,
  backendName: 'onednn',
  kernelFunc: cyclicBinaryKernel(Sub, (addon, a, b, out, inner) => addon.sub(a, b, out, inner)),
};
