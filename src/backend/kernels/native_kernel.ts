// The boundary every onednn kernel crosses: the backend and addon behind a kernel call, the float32
// buffers of its tensors, and the cpu kernel it falls back on for what the native code does not cover.
// It must not import onednn_backend.ts, which imports the kernel list, so it finds the addon itself.
import { getKernel, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { newFloat32 } from '../aligned_memory.js';
import type { DeferredOutputs, Recipe } from '../deferred_outputs.js';
import type { OneDnnBackend } from '../onednn_backend.js';
import { loadNativeAddon, type NativeAddon } from '../native_addon.js';

export interface NativeKernelContext {
  backend: MathBackendCPU;
  addon: NativeAddon;
}

/** The onednn backend (a MathBackendCPU) and its addon; throws if the kernel runs anywhere else. */
export function nativeContext(backend: unknown, kernelName: string): NativeKernelContext {
  const addon = loadNativeAddon();
  if (!(backend instanceof MathBackendCPU) || addon === null) {
    throw new Error(`cges: the onednn ${kernelName} kernel ran without the onednn backend and its addon`);
  }
  return { backend, addon };
}

/**
 * A float32 tensor's values, read in place, or null for any other dtype (the caller falls back). A float32
 * tensor may be stored as another typed array: the cpu Cast from int32 or bool to float32 shares its
 * input's Int32Array or Uint8Array; such storage is read as a float32 copy. Kernels only read these.
 */
export function float32Values(backend: MathBackendCPU, tensor: TensorInfo): Float32Array | null {
  if (tensor.dtype !== 'float32') return null;
  const values = backend.data.get(tensor.dataId).values;
  if (values instanceof Float32Array) return values;
  return values instanceof Int32Array || values instanceof Uint8Array ? Float32Array.from(values) : null;
}

/**
 * A new float32 tensor of `shape` whose buffer the native kernel then fills, every element of it: the
 * buffer comes uninitialised (a pooled one holds old values), which saves zero-filling it. Zero-filling
 * outputs the kernels overwrote anyway took 4% of a seed-mnist step's CPU time; SGD's update of a
 * 784 x 300 kernel spent twice as long zero-filling its output as computing it.
 */
export function float32OutputToOverwrite(backend: MathBackendCPU, shape: number[]): { info: TensorInfo;
  values: Float32Array } {
  const addon = loadNativeAddon();
  if (addon === null) throw new Error('cges: a onednn kernel output was requested without the addon');
  const length = shape.reduce((size, dim) => size * dim, 1);
  // Allocated 64-byte aligned (aligned_memory.ts), so the backend stores this very array, which the kernel
  // fills after the tensor exists; from the onednn backend's pool (float32_pool.ts) when it has one.
  const pool = oneDnnParts(backend).float32Pool;
  const values = pool === undefined ? newFloat32(addon, length, false) : pool.take(length, false);
  return { info: backend.makeTensorInfo(shape, 'float32', values), values };
}

/**
 * A float32 tensor of `shape` that `compute` fills when something first reads it (deferred_outputs.ts),
 * for kernels whose result TF.js may drop unread; `inputs` are what `compute` reads.
 */
export function deferredFloat32Output(backend: MathBackendCPU, kernelName: string, shape: number[],
  inputs: TensorInfo[], compute: (out: Float32Array) => void, recipe?: Recipe): TensorInfo {
  const deferred = oneDnnParts(backend).deferredOutputs;
  if (deferred !== undefined) return deferred.defer(kernelName, shape, inputs, compute, recipe);
  const out = float32OutputToOverwrite(backend, shape);
  compute(out.values);
  return out.info;
}

/**
 * What the onednn backend has beyond the cpu backend's storage, each undefined on another host backend.
 * A type-only view: this file must not import onednn_backend.ts at run time (the header says why).
 */
export function oneDnnParts(backend: MathBackendCPU): Partial<Pick<OneDnnBackend,
  'addon' | 'float32Pool' | 'deferredOutputs' | 'channelSums'>> {
  return backend as Partial<OneDnnBackend>;
}

/** The recipe of that kind a pending output of the backend was deferred with (deferred_outputs.ts). */
export function pendingRecipe<R extends Recipe>(backend: MathBackendCPU, tensor: TensorInfo,
  kind: R['kind']): R | undefined {
  const deferred: DeferredOutputs | undefined = oneDnnParts(backend).deferredOutputs;
  return deferred?.recipeOf<R>(tensor.dataId, kind);
}

/** The cpu backend's kernel of that name: the exact reference for every case the native one declines. */
export function cpuKernel(kernelName: string): KernelFunc {
  const config = getKernel(kernelName, 'cpu');
  if (config === undefined) throw new Error(`cges: the cpu backend has no ${kernelName} kernel to fall back on`);
  return config.kernelFunc;
}
