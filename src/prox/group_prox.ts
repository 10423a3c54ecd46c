// Group proximal map (the (2,1)-norm), per group g of the kernel's matrix view:
//   w_g <- max(0, 1 - threshold / ||w_g||_2) * w_g,   threshold = eta * lambda * cG_l.
// W: any kernel [..., out] viewed as [rows, cols]; a group is a row (`input`) or a column (`output`).
import * as tf from '@tensorflow/tfjs-core';
import { asMatrix, checkGrouping, checkKernel, checkThreshold, groupAxis } from './kernel_matrix.js';
import type { Grouping } from './types.js';

// Smallest normal float32: the floor under a group norm in a division.
const NORM_FLOOR = 1.1754944e-38;

/** A new tensor with every group shrunk towards zero by `threshold` in l2 norm. */
export function groupProx(w: tf.Tensor, threshold: number, grouping: Grouping): tf.Tensor {
  checkKernel(w, 'groupProx');
  checkThreshold(threshold, 'threshold', 'groupProx');
  checkGrouping(grouping, 'groupProx');
  return tf.tidy(() => {
    const m = asMatrix(w);
    const norm = tf.sqrt(tf.sum(tf.square(m), groupAxis(grouping), true));
    // max(0, 1 - t/n) written as relu(n - t) / n: an all-zero group then gives 0 / floor = 0, never
    // the 0/0 = NaN of the original code, and threshold 0 gives n / n = 1 exactly (the identity).
    const scale = tf.div(tf.relu(tf.sub(norm, threshold)), tf.maximum(norm, NORM_FLOOR));
    return tf.reshape(tf.mul(m, scale), w.shape);
  });
}
