// CgesMeanGrad, a kernel of the onednn backend alone: the gradient of a Mean over a run of adjacent axes, dy
// spread over the reduced axes and divided by their size, in one native pass (TF.js's own is
// div(mul(dy, ones(x.shape)), count): a fill and two passes over x's shape). moments_gradients.ts runs it.
// dy: float32, the Mean's output (keepDims or not); attributes: shape (the Mean's input shape) and axes
// (sorted, adjacent); out: float32 of that shape.
import { util, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { float32OutputToOverwrite, float32Values, nativeContext } from './native_kernel.js';

export const MEAN_GRAD = 'CgesMeanGrad';

const isNumbers = (value: unknown): value is number[] =>
  Array.isArray(value) && value.every((v) => typeof v === 'number');

const meanGrad: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, MEAN_GRAD);
  const { dy } = args.inputs;
  const { shape, axes } = args.attrs ?? {};
  const dyValues = dy === undefined ? null : float32Values(backend, dy);
  const adjacent = isNumbers(axes) && axes.length > 0 && axes.every((axis, i) => axis === axes[0] + i);
  if (dy === undefined || dyValues === null || !isNumbers(shape) || !isNumbers(axes) || !adjacent ||
    axes[axes.length - 1] >= shape.length) {
    throw new Error(`cges: ${MEAN_GRAD} takes float32 dy, the input shape and its adjacent reduced axes`);
  }
  const first = axes[0], last = axes[axes.length - 1];
  const outer = util.sizeFromShape(shape.slice(0, first));
  const mid = util.sizeFromShape(shape.slice(first, last + 1));
  const inner = util.sizeFromShape(shape.slice(last + 1));
  if (dyValues.length !== outer * inner) throw new Error(`cges: ${MEAN_GRAD} got dy of ${dyValues.length} values`);
  const out = float32OutputToOverwrite(backend, shape);
  addon.meanGrad(dyValues, out.values, outer, mid, inner, mid);
  return out.info;
};

export const meanGradConfig: KernelConfig = {
  kernelName: MEAN_GRAD,
  backendName: 'onednn',
  kernelFunc: meanGrad,
};
