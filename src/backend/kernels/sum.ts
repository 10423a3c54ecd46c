// TF.js Sum on float32 over a run of adjacent axes through a native loop, summing in float64. x is viewed
// as [outer, mid, inner] with mid the product of the summed axes: the conv bias gradient sums
// [n, h, w, c] over n, h, w (outer 1, inner c); a softmax row sum is [rows, cols] over cols (inner 1).
// Other dtypes, empty tensors and axes that are not adjacent run the cpu kernel.
import { backend_util, Sum, util, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { cpuKernel, float32OutputToOverwrite, float32Values, nativeContext } from './native_kernel.js';

const product = (dims: number[]): number => dims.reduce((size, dim) => size * dim, 1);

const sum: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, Sum);
  const { x } = args.inputs;
  const { axis, keepDims } = args.attrs ?? {};
  const xValues = x === undefined ? null : float32Values(backend, x);
  const fallback = () => cpuKernel(Sum)(args);
  if (x === undefined || xValues === null || xValues.length === 0) return fallback();
  const axisOk = typeof axis === 'number' || (Array.isArray(axis) && axis.every((a) => typeof a === 'number'));
  if (!axisOk) return fallback();
  const axes = util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
  const first = axes[0], last = axes[axes.length - 1];
  if (axes.length === 0 || last - first + 1 !== axes.length) return fallback();
  const [reducedShape] = backend_util.computeOutAndReduceShapes(x.shape, axes);
  const outShape = keepDims === true ? backend_util.expandShapeToKeepDim(reducedShape, axes) : reducedShape;
  const out = float32OutputToOverwrite(backend, outShape);
  addon.sum(xValues, out.values, product(x.shape.slice(0, first)), product(x.shape.slice(first, last + 1)),
    product(x.shape.slice(last + 1)));
  return out.info;
};

export const sumConfig: KernelConfig = {
  kernelName: Sum,
  backendName: 'onednn',
  kernelFunc: sum,
};
