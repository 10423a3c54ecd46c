// CgesClipByValueGrad, a kernel of the onednn backend alone: clipByValue's gradient, min <= x <= max ? dy : 0,
// in one native pass, equal to TF.js's where(logicalAnd(greaterEqual(x, min), lessEqual(x, max)), dy,
// zerosLike(dy)) element for element. masked_gradient.ts runs it. dy, x: float32 of one shape; attributes
// clipValueMin and clipValueMax as ClipByValue's.
import { dyXKernelConfig } from './dy_x_kernel.js';

export const CLIP_BY_VALUE_GRAD = 'CgesClipByValueGrad';

export const clipByValueGradConfig = dyXKernelConfig(CLIP_BY_VALUE_GRAD, (addon, dy, x, out, attrs) => {
  const { clipValueMin, clipValueMax } = attrs;
  if (typeof clipValueMin !== 'number' || typeof clipValueMax !== 'number') return false;
  addon.clipByValueGrad(dy, x, clipValueMin, clipValueMax, out);
  return true;
});
