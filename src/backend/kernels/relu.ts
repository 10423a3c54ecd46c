// TF.js Relu on float32 through a native loop: out = max(0, x), NaN kept. x, out: any shape, same shape.
// The relu of a pending conv or matmul output (with its bias) joins it instead (forward_epilogue.ts), as
// does the relu of a pending batch normalisation (normalise_epilogue.ts).
import { Relu, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { float32UnaryKernel } from './float32_unary.js';
import { joinRelu } from './forward_epilogue.js';
import { nativeContext } from './native_kernel.js';
import { joinNormaliseActivation } from './normalise_epilogue.js';

const reluElementwise = float32UnaryKernel(Relu, (addon, x, out) => {
  addon.relu(x, out);
  return true;
});

const relu: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, Relu);
  const { x } = args.inputs;
  if (x === undefined) return reluElementwise(args);
  return joinRelu(backend, x) ?? joinNormaliseActivation(backend, addon, x, 'relu') ?? reluElementwise(args);
};

export const reluConfig: KernelConfig = {
  kernelName: Relu,
  backendName: 'onednn',
  kernelFunc: relu,
};
