// TF.js Sum on float32 over a run of adjacent axes through a native loop, summing in float64. x is viewed
// as [outer, mid, inner] with mid the product of the summed axes: the conv bias gradient sums
// [n, h, w, c] over n, h, w (outer 1, inner c); a softmax row sum is [rows, cols] over cols (inner 1).
// Other dtypes, empty tensors and axes that are not adjacent run the cpu kernel. A bias gradient whose
// input's kernel already took its per-channel sums (channel_sums.ts) is answered from those.
import { backend_util, Sum, util, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { NativeAddon } from '../native_addon.js';
import { cpuKernel, float32OutputToOverwrite, float32Values, nativeContext, oneDnnParts } from './native_kernel.js';

const product = (dims: number[]): number => dims.reduce((size, dim) => size * dim, 1);

/** The sums the kernel that wrote x took, when this Sum is over every axis but the last (a bias gradient). */
function knownSums(backend: MathBackendCPU, x: TensorInfo, axes: number[]): Float32Array | undefined {
  const rank = x.shape.length;
  if (rank < 2 || axes.length !== rank - 1 || axes.some((axis, i) => axis !== i)) return undefined;
  // A reshape shares its input's data: the sums hold for any shape with the same last axis.
  const sums = oneDnnParts(backend).channelSums?.lookup(x.dataId);
  return sums?.length === x.shape[rank - 1] ? sums : undefined;
}

/** The reduced axes of x, sorted, when `axis` is a valid axis attribute; else null. */
export function reductionAxes(x: TensorInfo, axis: unknown): number[] | null {
  const axisOk = typeof axis === 'number' || (Array.isArray(axis) && axis.every((a) => typeof a === 'number'));
  return axisOk ? util.parseAxisParam(axis, x.shape).sort((p, q) => p - q) : null;
}

/**
 * The sum of float32 x over `axes` (sorted) into a new tensor through the native kernel, or null when it does
 * not cover the call (another dtype, an empty tensor, axes that are not adjacent).
 */
export function nativeAxisSum(backend: MathBackendCPU, addon: NativeAddon, x: TensorInfo, axes: number[],
  keepDims: boolean): { info: TensorInfo; values: Float32Array } | null {
  const xValues = float32Values(backend, x);
  if (xValues === null || xValues.length === 0 || axes.length === 0) return null;
  const first = axes[0], last = axes[axes.length - 1];
  if (last - first + 1 !== axes.length) return null;
  const [reducedShape] = backend_util.computeOutAndReduceShapes(x.shape, axes);
  const outShape = keepDims ? backend_util.expandShapeToKeepDim(reducedShape, axes) : reducedShape;
  const out = float32OutputToOverwrite(backend, outShape);
  addon.sum(xValues, out.values, product(x.shape.slice(0, first)), product(x.shape.slice(first, last + 1)),
    product(x.shape.slice(last + 1)));
  return out;
}

const sum: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, Sum);
  const { x } = args.inputs;
  const { axis, keepDims } = args.attrs ?? {};
  const axes = x === undefined ? null : reductionAxes(x, axis);
  const known = x === undefined || axes === null ? undefined : knownSums(backend, x, axes);
  if (x !== undefined && axes !== null && known !== undefined) {
    const shape = keepDims === true ? [...axes.map(() => 1), known.length] : [known.length];
    return backend.makeTensorInfo(shape, 'float32', known.slice());
  }
  const out = x === undefined || axes === null ? null : nativeAxisSum(backend, addon, x, axes, keepDims === true);
  return out === null ? cpuKernel(Sum)(args) : out.info;
};

export const sumConfig: KernelConfig = {
  kernelName: Sum,
  backendName: 'onednn',
  kernelFunc: sum,
};
