// The shared body of the element-wise binary kernels (Add, Sub, Multiply, RealDiv) on float32. The native
// loop takes two flat arrays and repeats the shorter one over the longer in blocks: each of its elements
// covers `inner` consecutive outputs, and the whole repeats cyclically. That equals TF.js broadcasting when
// the longer operand has the output's size and the shorter one's shape, without its leading and trailing
// 1s, is a run of the output's axes: a scalar, a bias [c] against x [n, h, w, c] (inner 1), or a row
// statistic [n, 1] against logits [n, k] (inner k). Anything else runs the cpu kernel.
import { backend_util, type KernelFunc } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native_addon.js';
import { cpuKernel, float32OutputToOverwrite, float32Values, nativeContext } from './native_kernel.js';

const sizeOf = (shape: number[]): number => shape.reduce((size, dim) => size * dim, 1);

export interface BlockBroadcast {
  outShape: number[];
  /** How many consecutive outputs each element of the shorter operand covers. */
  inner: number;
}

/** How broadcasting a with b repeats the shorter operand in blocks, or null when it does not. */
export function blockBroadcast(aShape: number[], bShape: number[]): BlockBroadcast | null {
  const outShape = backend_util.assertAndGetBroadcastShape(aShape, bShape);
  const size = sizeOf(outShape);
  const [longer, shorter] = sizeOf(aShape) >= sizeOf(bShape) ? [aShape, bShape] : [bShape, aShape];
  if (size === 0 || sizeOf(longer) !== size || sizeOf(shorter) === 0) return null;
  // The shorter shape aligned to the output's axes, as broadcasting aligns it.
  const aligned = [...new Array<number>(outShape.length - shorter.length).fill(1), ...shorter];
  const first = aligned.findIndex((dim) => dim !== 1);
  if (first < 0) return { outShape, inner: 1 };
  let last = aligned.length - 1;
  while (aligned[last] === 1) last--;
  for (let axis = first; axis <= last; axis++) {
    if (aligned[axis] !== outShape[axis]) return null;
  }
  return { outShape, inner: sizeOf(outShape.slice(last + 1)) };
}

export type NativeBinary = (addon: NativeAddon, a: Float32Array, b: Float32Array, out: Float32Array,
  inner: number) => void;

export function cyclicBinaryKernel(kernelName: string, run: NativeBinary): KernelFunc {
  return (args) => {
    const { backend, addon } = nativeContext(args.backend, kernelName);
    const { a, b } = args.inputs;
    if (a === undefined || b === undefined) return cpuKernel(kernelName)(args);
    const aValues = float32Values(backend, a);
    const bValues = float32Values(backend, b);
    const plan = aValues === null || bValues === null ? null : blockBroadcast(a.shape, b.shape);
    if (plan === null || aValues === null || bValues === null) return cpuKernel(kernelName)(args);
    const out = float32OutputToOverwrite(backend, plan.outShape);
    run(addon, aValues, bValues, out.values, plan.inner);
    return out.info;
  };
}
