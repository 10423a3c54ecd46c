// Proximal map of t*||w||_1, elementwise soft thresholding: w_i <- sign(w_i) * max(0, |w_i| - t).
// W: any shape; no grouping.
import * as tf from '@tensorflow/tfjs-core';
import { checkKernel, checkThreshold } from './kernel_matrix.js';

/** A new tensor with every weight moved towards zero by t, stopping at zero. */
export function l1Prox(w: tf.Tensor, t: number): tf.Tensor {
  checkKernel(w, 'l1Prox');
  checkThreshold(t, 't', 'l1Prox');
  return tf.tidy(() => tf.mul(tf.sign(w), tf.relu(tf.sub(tf.abs(w), t))));
}
