// TF.js Add on float32 through a native loop: equal shapes, a scalar, or a trailing broadcast such as the
// conv bias, x [n, h, w, c] + bias [c] (see cyclic_binary.ts). Other dtypes and broadcasts run the cpu kernel.
import { Add, type KernelConfig } from '@tensorflow/tfjs-core';
import { cyclicBinaryKernel } from './cyclic_binary.js';

export const addConfig: KernelConfig = {
  kernelName: Add,
  backendName: 'onednn',
  kernelFunc: cyclicBinaryKernel(Add, (addon, a, b, out, inner) => addon.add(a, b, out, inner)),
};
