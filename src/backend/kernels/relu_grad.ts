// CgesReluGrad, a kernel of the onednn backend alone: the relu's gradient dy * step(x) in one native pass,
// equal to TF.js's mul(dy, step(x)) element for element. The Relu gradient of relu_gradient.ts runs it.
// dy, x: float32 of one shape.
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { float32OutputToOverwrite, float32Values, nativeContext } from './native_kernel.js';

export const RELU_GRAD = 'CgesReluGrad';

const reluGrad: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, RELU_GRAD);
  const { dy, x } = args.inputs;
  const dyValues = dy === undefined ? null : float32Values(backend, dy);
  const xValues = x === undefined ? null : float32Values(backend, x);
  if (dy === undefined || dyValues === null || xValues === null || dyValues.length !== xValues.length) {
    throw new Error(`cges: ${RELU_GRAD} takes float32 dy and x of one shape`);
  }
  const out = float32OutputToOverwrite(backend, dy.shape);
  addon.reluGrad(dyValues, xValues, out.values);
  return out.info;
};

export const reluGradConfig: KernelConfig = {
  kernelName: RELU_GRAD,
  backendName: 'onednn',
  kernelFunc: reluGrad,
};
