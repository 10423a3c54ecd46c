// CgesSquareGrad, a kernel of the onednn backend alone: the gradient of square, dy * (x * 2), in one native
// pass, equal to TF.js's mul(dy, mul(x, 2)) element for element. moments_gradients.ts runs it. dy, x: float32
// of one shape.
import { dyXKernelConfig } from './dy_x_kernel.js';

export const SQUARE_GRAD = 'CgesSquareGrad';

export const squareGradConfig = dyXKernelConfig(SQUARE_GRAD, (addon, dy, x, out) => {
  addon.squareGrad(dy, x, out);
  return true;
});
