// TF.js ClipByValue on float32 through a native loop: out = x > max ? max : (x < min ? min : x), NaN kept.
// x, out: any shape, same shape. A Keras ReLU(6.) layer (MobileNetV2's activation) runs relu, then this.
import { ClipByValue, type KernelConfig } from '@tensorflow/tfjs-core';
import { float32UnaryKernel } from './float32_unary.js';

export const clipByValueConfig: KernelConfig = {
  kernelName: ClipByValue,
  backendName: 'onednn',
  kernelFunc: float32UnaryKernel(ClipByValue, (addon, x, out, attrs) => {
    const { clipValueMin, clipValueMax } = attrs;
    if (typeof clipValueMin !== 'number' || typeof clipValueMax !== 'number') return false;
    addon.clipByValue(x, clipValueMin, clipValueMax, out);
    return true;
  }),
};
