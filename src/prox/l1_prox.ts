// Proximal map of t*||w||_1, elementwise soft thresholding: w_i <- sign(w_i) * max(0, |w_i| - t).
// W: any shape; no grouping.
import type * as tf from '@tensorflow/tfjs-core';
import { checkKernel, checkThreshold } from './checks.js';
import { mapOnHost, softThreshold } from './kernel_matrix.js';

/** A new tensor with every weight moved towards zero by t, stopping at zero. */
export function l1Prox(w: tf.Tensor, t: number): tf.Tensor {
  checkKernel(w, 'l1Prox');
  checkThreshold(t, 't', 'l1Prox');
  return mapOnHost(w, (values, out) => {
    for (let i = 0; i < values.length; i++) out[i] = softThreshold(values[i], t);
  });
}
