// TF.js RealDiv on float32 through a native loop: equal shapes, a scalar (dropout's x / keepProb), or a
// trailing broadcast (see cyclic_binary.ts). Other dtypes and broadcasts run the cpu kernel.
import { RealDiv, type KernelConfig } from '@tensorflow/tfjs-core';
import { cyclicBinaryKernel } from './cyclic_binary.js';

export const realDivConfig: KernelConfig = {
  kernelName: RealDiv,
  backendName: 'onednn',
  kernelFunc: cyclicBinaryKernel(RealDiv, (addon, a, b, out, inner) => addon.realDiv(a, b, out, inner)),
};
