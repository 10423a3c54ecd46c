// The `onednn` TF.js backend: the cpu backend, with its hot kernels replaced by oneDNN primitives.
// It stores tensors exactly as the cpu backend does (typed arrays in `this.data`), so every cpu kernel
// runs on it unchanged and the native kernels read and write those arrays without copies.
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-cpu';
import { ONEDNN_KERNELS } from './kernels/index.js';
import { loadNativeAddon, type NativeAddon } from './native_addon.js';

export const ONEDNN_BACKEND = 'onednn';

export class OneDnnBackend extends MathBackendCPU {
  constructor(readonly addon: NativeAddon) {
    super();
  }
}

export interface OneDnnOptions {
  /** OpenMP threads for oneDNN; defaults to every core. */
  threads?: number;
}

let registered = false;

/**
 * Registers the backend (once) and returns true, or returns false when the addon is not available.
 * It does not make the backend current: call tf.setBackend('onednn') for that.
 */
export function registerOneDnnBackend(options: OneDnnOptions = {}): boolean {
  const addon = loadNativeAddon();
  if (addon === null) return false;
  if (options.threads !== undefined) addon.setThreads(options.threads);
  if (registered) return true;
  tf.registerBackend(ONEDNN_BACKEND, () => new OneDnnBackend(addon), 1);
  const overridden = new Set(ONEDNN_KERNELS.map((kernel) => kernel.kernelName));
  for (const kernel of tf.getKernelsForBackend('cpu')) {
    if (!overridden.has(kernel.kernelName)) tf.registerKernel({ ...kernel, backendName: ONEDNN_BACKEND });
  }
  for (const kernel of ONEDNN_KERNELS) tf.registerKernel({ ...kernel, backendName: ONEDNN_BACKEND });
  registered = true;
  return true;
}

/** The addon behind the current backend, for kernels; throws if the backend is not onednn. */
export function oneDnnAddon(backend: unknown): NativeAddon {
  if (!(backend instanceof OneDnnBackend)) throw new Error('cges: a onednn kernel ran on another backend');
  return backend.addon;
}
