// TF.js Step on float32 through a native loop: out = x > 0 ? 1 : alpha, NaN kept. x, out: any shape, same
// shape. The relu gradient is dy * step(x), so every backward pass runs it once per relu.
import { Step, type KernelConfig } from '@tensorflow/tfjs-core';
import { float32UnaryKernel } from './float32_unary.js';

export const stepConfig: KernelConfig = {
  kernelName: Step,
  backendName: 'onednn',
  kernelFunc: float32UnaryKernel(Step, (addon, x, out, attrs) => {
    const alpha = attrs.alpha ?? 0;
    if (typeof alpha !== 'number') return false;
    addon.step(x, alpha, out);
    return true;
  }),
};
