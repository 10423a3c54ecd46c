// Group proximal map (the (2,1)-norm), per group g of the kernel's matrix view:
//   w_g <- max(0, 1 - threshold / ||w_g||_2) * w_g,   threshold = eta * lambda * cG_l.
// W: any kernel [..., out] viewed as [rows, cols]; a group is a row (`input`) or a column (`output`).
import type * as tf from '@tensorflow/tfjs-core';
import { checkGrouping, checkKernel, checkThreshold } from './checks.js';
import { groupSums, mapByGroup, mapOnHost, matrixShape } from './kernel_matrix.js';
import type { Grouping } from './types.js';

/** A new tensor with every group shrunk towards zero by `threshold` in l2 norm. */
export function groupProx(w: tf.Tensor, threshold: number, grouping: Grouping): tf.Tensor {
  checkKernel(w, 'groupProx');
  checkThreshold(threshold, 'threshold', 'groupProx');
  checkGrouping(grouping, 'groupProx');
  const [rows, cols] = matrixShape(w);
  return mapOnHost(w, (values, out) => {
    // Squares of float32 values cannot overflow float64, so the norm is finite.
    const scales = groupSums(values, rows, cols, grouping, (x) => x * x).map((squares) => {
      const norm = Math.sqrt(squares);
      // Divide only when norm > threshold >= 0: an all-zero group gets scale 0, never the 0/0 = NaN of
      // the original code, and threshold 0 gives exactly 1 (the identity). A group holding NaN stays NaN,
      // so a diverged run shows in its loss instead of being silently zeroed.
      if (Number.isNaN(norm)) return Number.NaN;
      return norm > threshold ? 1 - threshold / norm : 0;
    });
    mapByGroup(values, out, rows, cols, grouping, scales, (x, scale) => x * scale);
  });
}
