// TF.js Multiply on float32 through a native loop: equal shapes (the relu gradient dy * step(x), dropout's
// mask), a scalar (SGD's lr * gradient), or a trailing broadcast (see cyclic_binary.ts). Other dtypes and
// broadcasts run the cpu kernel.
import { Multiply, type KernelConfig } from '@tensorflow/tfjs-core';
import { cyclicBinaryKernel } from './cyclic_binary.js';

export const multiplyConfig: KernelConfig = {
  kernelName: Multiply,
  backendName: 'onednn',
  kernelFunc: cyclicBinaryKernel(Multiply, (addon, a, b, out, inner) => addon.multiply(a, b, out, inner)),
};
