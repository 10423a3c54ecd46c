// CgesRelu6Grad, a kernel of the onednn backend alone: relu6's gradient dy * mask(x) in one native pass (mask
// 1 on (0, 6], NaN at NaN, else 0), equal to TF.js's mul(dy, cast(mul(lessEqual(x, 6), step(x)))) element
// for element, which runs four kernels over the whole activation. masked_gradient.ts runs it. dy, x: float32
// of one shape. Where x is a batch normalisation's pending output (ReLU6 after BatchNormalization, which
// relu6 joined), the mask is taken of x recomputed, and the output is deferred so that the batch-norm
// gradient joins it (normalise_epilogue.ts).
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { dyXKernelConfig } from './dy_x_kernel.js';
import { nativeContext } from './native_kernel.js';
import { deferNormalisedRelu6Grad } from './normalise_epilogue.js';

export const RELU6_GRAD = 'CgesRelu6Grad';

const relu6GradElementwise = dyXKernelConfig(RELU6_GRAD, (addon, dy, x, out) => {
  addon.relu6Grad(dy, x, out);
  return true;
}).kernelFunc;

const relu6Grad: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, RELU6_GRAD);
  const { dy, x } = args.inputs;
  if (dy === undefined || x === undefined) return relu6GradElementwise(args);
  return deferNormalisedRelu6Grad(backend, addon, RELU6_GRAD, dy, x) ?? relu6GradElementwise(args);
};

export const relu6GradConfig: KernelConfig = {
  kernelName: RELU6_GRAD,
  backendName: 'onednn',
  kernelFunc: relu6Grad,
};
