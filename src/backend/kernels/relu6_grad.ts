// CgesRelu6Grad, a kernel of the onednn backend alone: relu6's gradient dy * mask(x) in one native pass (mask
// 1 on (0, 6], NaN at NaN, else 0), equal to TF.js's mul(dy, cast(mul(lessEqual(x, 6), step(x)))) element
// for element, which runs four kernels over the whole activation. masked_gradient.ts runs it. dy, x: float32
// of one shape.
import { util, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { float32OutputToOverwrite, float32Values, nativeContext } from './native_kernel.js';

export const RELU6_GRAD = 'CgesRelu6Grad';

const relu6Grad: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, RELU6_GRAD);
  const { dy, x } = args.inputs;
  const dyValues = dy === undefined ? null : float32Values(backend, dy);
  const xValues = x === undefined ? null : float32Values(backend, x);
  if (dy === undefined || x === undefined || dyValues === null || xValues === null ||
    !util.arraysEqual(dy.shape, x.shape)) {
    throw new Error(`cges: ${RELU6_GRAD} takes float32 dy and x of one shape`);
  }
  const out = float32OutputToOverwrite(backend, x.shape);
  addon.relu6Grad(dyValues, xValues, out.values);
  return out.info;
};

export const relu6GradConfig: KernelConfig = {
  kernelName: RELU6_GRAD,
  backendName: 'onednn',
  kernelFunc: relu6Grad,
};
