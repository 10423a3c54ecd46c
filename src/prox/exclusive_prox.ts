// Exclusive proximal step in the original code's closed form, per element i of group g:
//   w_gi <- sign(w_gi) * max(0, |w_gi| - t * ||w_g||_1),   t = eta * lambda * cE_l.
// The threshold uses the l1 norm of the input group, so it shrinks more than the exact proximal map
// of (t/2)*||w_g||_1^2 (see exclusive_prox_exact.ts); it is the default because it reproduces the paper.
// W: any kernel [..., out] viewed as [rows, cols]; a group is a row (`input`) or a column (`output`).
import type * as tf from '@tensorflow/tfjs-core';
import { checkGrouping, checkKernel, checkThreshold } from './checks.js';
import { groupSums, mapByGroup, mapOnHost, matrixShape, softThreshold } from './kernel_matrix.js';
import type { Grouping } from './types.js';

/** A new tensor: each weight soft-thresholded by t times the l1 norm of its group. */
export function exclusiveProxOriginal(w: tf.Tensor, t: number, grouping: Grouping): tf.Tensor {
  checkKernel(w, 'exclusiveProxOriginal');
  checkThreshold(t, 't', 'exclusiveProxOriginal');
  checkGrouping(grouping, 'exclusiveProxOriginal');
  const [rows, cols] = matrixShape(w);
  return mapOnHost(w, (values, out) => {
    const thresholds = groupSums(values, rows, cols, grouping, Math.abs).map((l1) => t * l1);
    mapByGroup(values, out, rows, cols, grouping, thresholds, softThreshold);
  });
}
