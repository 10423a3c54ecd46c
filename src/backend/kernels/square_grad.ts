// CgesSquareGrad, a kernel of the onednn backend alone: the gradient of square, dy * (x * 2), in one native
// pass, equal to TF.js's mul(dy, mul(x, 2)) element for element. moments_gradients.ts runs it. dy, x: float32
// of one shape.
import { util, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { float32OutputToOverwrite, float32Values, nativeContext } from './native_kernel.js';

export const SQUARE_GRAD = 'CgesSquareGrad';

const squareGrad: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, SQUARE_GRAD);
  const { dy, x } = args.inputs;
  const dyValues = dy === undefined ? null : float32Values(backend, dy);
  const xValues = x === undefined ? null : float32Values(backend, x);
  if (dy === undefined || x === undefined || dyValues === null || xValues === null ||
    !util.arraysEqual(dy.shape, x.shape)) {
    throw new Error(`cges: ${SQUARE_GRAD} takes float32 dy and x of one shape`);
  }
  const out = float32OutputToOverwrite(backend, x.shape);
  addon.squareGrad(dyValues, xValues, out.values);
  return out.info;
};

export const squareGradConfig: KernelConfig = {
  kernelName: SQUARE_GRAD,
  backendName: 'onednn',
  kernelFunc: squareGrad,
};
