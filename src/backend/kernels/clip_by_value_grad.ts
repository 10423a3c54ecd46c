// CgesClipByValueGrad, a kernel of the onednn backend alone: clipByValue's gradient, min <= x <= max ? dy : 0,
// in one native pass, equal to TF.js's where(logicalAnd(greaterEqual(x, min), lessEqual(x, max)), dy,
// zerosLike(dy)) element for element. masked_gradient.ts runs it. dy, x: float32 of one shape; attributes
// clipValueMin and clipValueMax as ClipByValue's.
import { util, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { float32OutputToOverwrite, float32Values, nativeContext } from './native_kernel.js';

export const CLIP_BY_VALUE_GRAD = 'CgesClipByValueGrad';

const clipByValueGrad: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, CLIP_BY_VALUE_GRAD);
  const { dy, x } = args.inputs;
  const { clipValueMin, clipValueMax } = args.attrs ?? {};
  const dyValues = dy === undefined ? null : float32Values(backend, dy);
  const xValues = x === undefined ? null : float32Values(backend, x);
  if (dy === undefined || x === undefined || dyValues === null || xValues === null ||
    !util.arraysEqual(dy.shape, x.shape) || typeof clipValueMin !== 'number' || typeof clipValueMax !== 'number') {
    throw new Error(`cges: ${CLIP_BY_VALUE_GRAD} takes float32 dy and x of one shape and numeric clip values`);
  }
  const out = float32OutputToOverwrite(backend, x.shape);
  addon.clipByValueGrad(dyValues, xValues, clipValueMin, clipValueMax, out.values);
  return out.info;
};

export const clipByValueGradConfig: KernelConfig = {
  kernelName: CLIP_BY_VALUE_GRAD,
  backendName: 'onednn',
  kernelFunc: clipByValueGrad,
};
