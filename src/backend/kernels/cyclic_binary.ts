// The shared body of the element-wise binary kernels (Add, Multiply) on float32. The native loop takes two
// flat arrays and repeats the shorter one cyclically over the longer; that equals TF.js broadcasting when
// the operands have equal shapes, one is a scalar, or the shorter one's shape (leading 1s dropped) is the
// trailing part of the output's, as bias [c] is for x [n, h, w, c]. Anything else runs the cpu kernel.
import { backend_util, type KernelFunc } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native_addon.js';
import { cpuKernel, float32Output, float32Values, nativeContext } from './native_kernel.js';

const sizeOf = (shape: number[]): number => shape.reduce((size, dim) => size * dim, 1);

/** The output shape when broadcasting a with b is a cyclic repetition of the shorter operand, else null. */
export function cyclicBroadcastShape(aShape: number[], bShape: number[]): number[] | null {
  const outShape = backend_util.assertAndGetBroadcastShape(aShape, bShape);
  const size = sizeOf(outShape);
  const [longer, shorter] = sizeOf(aShape) >= sizeOf(bShape) ? [aShape, bShape] : [bShape, aShape];
  if (size === 0 || sizeOf(longer) !== size || sizeOf(shorter) === 0) return null;
  const first = shorter.findIndex((dim) => dim !== 1);
  const core = first < 0 ? [] : shorter.slice(first);
  const tail = outShape.slice(outShape.length - core.length);
  return core.every((dim, i) => dim === tail[i]) ? outShape : null;
}

export type NativeBinary = (addon: NativeAddon, a: Float32Array, b: Float32Array, out: Float32Array) => void;

export function cyclicBinaryKernel(kernelName: string, run: NativeBinary): KernelFunc {
  return (args) => {
    const { backend, addon } = nativeContext(args.backend, kernelName);
    const { a, b } = args.inputs;
    if (a === undefined || b === undefined) return cpuKernel(kernelName)(args);
    const aValues = float32Values(backend, a);
    const bValues = float32Values(backend, b);
    const outShape = aValues === null || bValues === null ? null : cyclicBroadcastShape(a.shape, b.shape);
    if (outShape === null || aValues === null || bValues === null) return cpuKernel(kernelName)(args);
    const out = float32Output(backend, outShape);
    run(addon, aValues, bValues, out.values);
    return out.info;
  };
}
