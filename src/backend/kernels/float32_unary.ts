// The shared body of the element-wise unary kernels (Relu, Step, Exp, Log, Neg, Floor) on float32: out has
// x's shape and one native loop fills it. Other dtypes run the cpu kernel.
import type { KernelConfig, KernelFunc, NamedAttrMap } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native_addon.js';
import { cpuKernel, float32OutputToOverwrite, float32Values, nativeContext } from './native_kernel.js';

/** Fills out from x; returns false to decline the call (e.g. attributes it does not cover). */
export type NativeUnary = (addon: NativeAddon, x: Float32Array, out: Float32Array, attrs: NamedAttrMap) => boolean;

export function float32UnaryKernel(kernelName: string, run: NativeUnary): KernelFunc {
  return (args) => {
    const { backend, addon } = nativeContext(args.backend, kernelName);
    const { x } = args.inputs;
    const xValues = x === undefined ? null : float32Values(backend, x);
    if (x === undefined || xValues === null || xValues.length === 0) return cpuKernel(kernelName)(args);
    const out = float32OutputToOverwrite(backend, x.shape);
    if (!run(addon, xValues, out.values, args.attrs ?? {})) {
      backend.disposeIntermediateTensorInfo(out.info);
      return cpuKernel(kernelName)(args);
    }
    return out.info;
  };
}

/** The onednn kernel of a unary op whose native loop takes every float32 input (Exp, Log, Neg, Floor). */
export function float32UnaryConfig(kernelName: string,
  run: (addon: NativeAddon, x: Float32Array, out: Float32Array) => void): KernelConfig {
  return {
    kernelName,
    backendName: 'onednn',
    kernelFunc: float32UnaryKernel(kernelName, (addon, x, out) => {
      run(addon, x, out);
      return true;
    }),
  };
}
