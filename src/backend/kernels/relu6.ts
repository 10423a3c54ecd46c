// TF.js Relu6 on float32 through a native loop: out = min(max(x, 0), 6), NaN kept. x, out: any shape, same
// shape. MobileNet-style blocks run it after every expansion and depthwise convolution, each after a
// BatchNormalization: the relu6 of a pending batch normalisation joins it (normalise_epilogue.ts).
import { Relu6, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { float32UnaryKernel } from './float32_unary.js';
import { nativeContext } from './native_kernel.js';
import { joinNormaliseActivation } from './normalise_epilogue.js';

const relu6Elementwise = float32UnaryKernel(Relu6, (addon, x, out) => {
  addon.relu6(x, out);
  return true;
});

const relu6: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, Relu6);
  const { x } = args.inputs;
  return (x === undefined ? null : joinNormaliseActivation(backend, addon, x, 'relu6')) ?? relu6Elementwise(args);
};

export const relu6Config: KernelConfig = {
  kernelName: Relu6,
  backendName: 'onednn',
  kernelFunc: relu6,
};
