// CgesRelu6Grad, a kernel of the onednn backend alone: relu6's gradient dy * mask(x) in one native pass (mask
// 1 on (0, 6], NaN at NaN, else 0), equal to TF.js's mul(dy, cast(mul(lessEqual(x, 6), step(x)))) element
// for element, which runs four kernels over the whole activation. masked_gradient.ts runs it. dy, x: float32
// of one shape.
import { dyXKernelConfig } from './dy_x_kernel.js';

export const RELU6_GRAD = 'CgesRelu6Grad';

export const relu6GradConfig = dyXKernelConfig(RELU6_GRAD, (addon, dy, x, out) => {
  addon.relu6Grad(dy, x, out);
  return true;
});
