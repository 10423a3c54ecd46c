// The CGES proximal step on one kernel: group prox first, then the exclusive prox on its output,
// as the original code does, then an optional l1 soft threshold (the order of the native kernel).
// Thresholds arrive already multiplied: group = eta*lambda*cG_l, exclusive = eta*lambda*cE_l.
// W: any kernel [..., out] viewed as [rows, cols]; a group is a row (`input`) or a column (`output`).
import * as tf from '@tensorflow/tfjs-core';
import { exclusiveProxOriginal } from './exclusive_prox.js';
import { exclusiveProxExact } from './exclusive_prox_exact.js';
import { groupProx } from './group_prox.js';
import { checkExclusiveForm } from './checks.js';
import { l1Prox } from './l1_prox.js';
import type { ExclusiveForm, Grouping } from './types.js';

export interface CgesProxOptions {
  /** Group threshold eta*lambda*cG_l (>= 0). */
  group: number;
  /** Exclusive threshold eta*lambda*cE_l (>= 0). */
  exclusive: number;
  /** Elementwise soft threshold applied last (>= 0); default 0, skipped. */
  l1?: number;
  grouping: Grouping;
  exclusiveForm: ExclusiveForm;
}

/** The exclusive proximal map of the chosen form. */
export function exclusiveProx(w: tf.Tensor, t: number, grouping: Grouping, form: ExclusiveForm): tf.Tensor {
  checkExclusiveForm(form, 'exclusiveProx');
  return form === 'exact' ? exclusiveProxExact(w, t, grouping) : exclusiveProxOriginal(w, t, grouping);
}

/** A new tensor: groupProx, then the exclusive prox of the chosen form, then l1Prox when l1 > 0. */
export function cgesProx(w: tf.Tensor, options: CgesProxOptions): tf.Tensor {
  checkExclusiveForm(options.exclusiveForm, 'cgesProx');
  return tf.tidy(() => {
    const grouped = groupProx(w, options.group, options.grouping);
    const excluded = exclusiveProx(grouped, options.exclusive, options.grouping, options.exclusiveForm);
    return options.l1 === undefined || options.l1 === 0 ? excluded : l1Prox(excluded, options.l1);
  });
}
