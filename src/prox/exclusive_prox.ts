// Exclusive proximal step in the original code's closed form, per element i of group g:
//   w_gi <- sign(w_gi) * max(0, |w_gi| - t * ||w_g||_1),   t = eta * lambda * cE_l.
// The threshold uses the l1 norm of the input group, so it shrinks more than the exact proximal map
// of (t/2)*||w_g||_1^2 (see exclusive_prox_exact.ts); it is the default because it reproduces the paper.
// W: any kernel [..., out] viewed as [rows, cols]; a group is a row (`input`) or a column (`output`).
import * as tf from '@tensorflow/tfjs-core';
import { asMatrix, checkGrouping, checkKernel, checkThreshold, groupAxis } from './kernel_matrix.js';
import type { Grouping } from './types.js';

/** A new tensor: each weight soft-thresholded by t times the l1 norm of its group. */
export function exclusiveProxSeed(w: tf.Tensor, t: number, grouping: Grouping): tf.Tensor {
  checkKernel(w, 'exclusiveProxSeed');
  checkThreshold(t, 't', 'exclusiveProxSeed');
  checkGrouping(grouping, 'exclusiveProxSeed');
  return tf.tidy(() => {
    const m = asMatrix(w);
    const magnitude = tf.abs(m);
    const groupThreshold = tf.mul(tf.sum(magnitude, groupAxis(grouping), true), t);
    const shrunk = tf.mul(tf.sign(m), tf.relu(tf.sub(magnitude, groupThreshold)));
    return tf.reshape(shrunk, w.shape);
  });
}
