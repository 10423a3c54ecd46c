// How the onednn backend replaces a TF.js gradient: gradients are global in TF.js, so the replacement runs its
// native kernels only while `backendName` is current and those kernels are registered on it, and otherwise
// (another backend, or a case the native form declines) hands the call to TF.js's own gradient, unchanged.
import * as tf from '@tensorflow/tfjs-core';

export type GradientMap = Record<string, () => tf.Tensor>;

/** The single upstream gradient of a one-output kernel. */
export function upstreamOf(dy: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(dy) ? dy[0] : dy;
}

/**
 * Registers the gradient of `kernelName`: `native` (null to decline) when `backendName` is current and every one
 * of `kernels` is registered there, else TF.js's own. `native` receives what `inputsToSave` names.
 */
export function replaceGradient(kernelName: string, inputsToSave: string[], backendName: string, kernels: string[],
  native: (dy: tf.Tensor, saved: tf.Tensor[], attrs: tf.NamedAttrMap) => GradientMap | null): void {
  const stock = tf.getGradient(kernelName);
  tf.registerGradient({
    kernelName,
    inputsToSave,
    gradFunc: (dy, saved, attrs) => {
      const onNative = tf.getBackend() === backendName &&
        kernels.every((kernel) => tf.getKernel(kernel, backendName) !== undefined);
      return (onNative ? native(upstreamOf(dy), saved, attrs) : null) ?? stock.gradFunc(dy, saved, attrs);
    },
  });
}
