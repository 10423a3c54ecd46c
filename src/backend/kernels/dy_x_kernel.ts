// The shared body of the onednn-only gradient kernels that read dy and x of one float32 shape and write one
// output of that shape (CgesRelu6Grad, CgesClipByValueGrad, CgesSquareGrad). The gradients that run them
// check those conditions first, so anything else here is a bug, not a fallback.
import { util, type KernelConfig, type KernelFunc, type NamedAttrMap } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native_addon.js';
import { float32OutputToOverwrite, float32Values, nativeContext } from './native_kernel.js';

/** Fills out from dy and x; returns false when the attributes are not what the kernel takes. */
export type NativeDyX = (addon: NativeAddon, dy: Float32Array, x: Float32Array, out: Float32Array,
  attrs: NamedAttrMap) => boolean;

export function dyXKernelConfig(kernelName: string, run: NativeDyX): KernelConfig {
  const kernelFunc: KernelFunc = (args) => {
    const { backend, addon } = nativeContext(args.backend, kernelName);
    const { dy, x } = args.inputs;
    const dyValues = dy === undefined ? null : float32Values(backend, dy);
    const xValues = x === undefined ? null : float32Values(backend, x);
    if (dy === undefined || x === undefined || dyValues === null || xValues === null ||
      !util.arraysEqual(dy.shape, x.shape)) {
      throw new Error(`cges: ${kernelName} takes float32 dy and x of one shape`);
    }
    const out = float32OutputToOverwrite(backend, x.shape);
    if (!run(addon, dyValues, xValues, out.values, args.attrs ?? {})) {
      backend.disposeIntermediateTensorInfo(out.info);
      throw new Error(`cges: ${kernelName} got attributes it does not take: ${JSON.stringify(args.attrs)}`);
    }
    return out.info;
  };
  return { kernelName, backendName: 'onednn', kernelFunc };
}
