// Exact proximal map of the exclusive term, per group g:
//   prox(v) = argmin_w 0.5*||w - v||^2 + (t/2)*||w||_1^2,   t = eta * lambda * cE_l.
// Its optimality condition is w_i = sign(v_i) * max(0, |v_i| - tau) with tau = t*||w||_1. If the
// k largest |v| survive, tau = t*(S_k - k*tau), so tau = t*S_k / (1 + t*k), where S_k is the sum of the
// k largest |v|; k is the largest index whose |v_(k)| still exceeds that tau.
// W: any kernel [..., out] viewed as [rows, cols]; a group is a row (`input`) or a column (`output`).
// Runs on the host arrays in float64: the sort and the prefix sums S_k are per group and sequential.
import type * as tf from '@tensorflow/tfjs-core';
import { checkGrouping, checkKernel, checkThreshold } from './checks.js';
import { mapOnHost, matrixShape, softThreshold } from './kernel_matrix.js';
import type { Grouping } from './types.js';

/**
 * tau = t*S_k/(1 + t*k) for the largest k with a_k > t*S_k/(1 + t*k), given the magnitudes `a` of one
 * group sorted in descending order; 0 when no k qualifies (an all-zero group).
 */
export function exclusiveShrinkage(sortedDesc: Float64Array, t: number): number {
  let prefix = 0;
  let tau = 0;
  for (let k = 1; k <= sortedDesc.length; k++) {
    const a = sortedDesc[k - 1];
    prefix += a;
    const candidate = (t * prefix) / (1 + t * k); // 1 + t*k >= 1: no division hazard
    // a_k - tau_k never increases with k, so the first failure ends the support.
    if (!(a > candidate)) break;
    tau = candidate;
  }
  return tau;
}

/** A new tensor: the exact proximal map of (t/2)*||w_g||_1^2 applied to every group. */
export function exclusiveProxExact(w: tf.Tensor, t: number, grouping: Grouping): tf.Tensor {
  checkKernel(w, 'exclusiveProxExact');
  checkThreshold(t, 't', 'exclusiveProxExact');
  checkGrouping(grouping, 'exclusiveProxExact');
  const [rows, cols] = matrixShape(w);
  const byRow = grouping === 'input';
  const [groups, length, stride] = byRow ? [rows, cols, 1] : [cols, rows, cols];
  return mapOnHost(w, (values, out) => {
    const magnitudes = new Float64Array(length);
    for (let g = 0; g < groups; g++) {
      const start = byRow ? g * cols : g;
      for (let i = 0; i < length; i++) magnitudes[i] = Math.abs(values[start + i * stride]);
      magnitudes.sort().reverse();
      const tau = exclusiveShrinkage(magnitudes, t);
      for (let i = 0; i < length; i++) {
        const at = start + i * stride;
        out[at] = softThreshold(values[at], tau);
      }
    }
  });
}
