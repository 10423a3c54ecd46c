// The shared body of the MaxPool and AvgPool kernels: x [n, inH, inW, C] NHWC -> y [n, outH, outW, C] NHWC
// through one native pooling call; other dtypes and geometries pool_geometry.ts declines run the cpu kernel.
import type { KernelFunc } from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../native_addon.js';
import { cpuKernel, float32OutputToOverwrite, float32Values, nativeContext } from './native_kernel.js';
import { pooledShape, poolGeometry } from './pool_geometry.js';

export type NativePool = (addon: NativeAddon, x: Float32Array, y: Float32Array, geometry: number[]) => void;

export function poolForwardKernel(kernelName: string, pool: NativePool): KernelFunc {
  return (args) => {
    const { backend, addon } = nativeContext(args.backend, kernelName);
    const { x } = args.inputs;
    const geometry = x === undefined ? null : poolGeometry(x.shape, args.attrs);
    const xValues = x === undefined ? null : float32Values(backend, x);
    if (geometry === null || xValues === null) return cpuKernel(kernelName)(args);
    const y = float32OutputToOverwrite(backend, pooledShape(geometry));
    pool(addon, xValues, y.values, geometry);
    return y.info;
  };
}
