// Replaces one of tfjs-backend-wasm's own kernels with a faster composition that may still call the
// original (for the cases it does not speed up). The original's setup function is kept, since it binds
// the wasm entry point that the original kernel function calls.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';

const WASM = 'wasm';
const replaced = new Set<string>();

/** Installs `make(original)` as the wasm kernel `kernelName`, once; false if wasm has no such kernel. */
export function overrideWasmKernel(kernelName: string, make: (original: KernelFunc) => KernelFunc): boolean {
  if (replaced.has(kernelName)) return true;
  const original: KernelConfig | undefined = tf.getKernel(kernelName, WASM);
  if (original === undefined) return false;
  tf.unregisterKernel(kernelName, WASM);
  tf.registerKernel({ ...original, kernelFunc: make(original.kernelFunc) });
  replaced.add(kernelName);
  return true;
}
