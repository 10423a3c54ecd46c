// Shared types of the proximal operators (src/prox). This folder imports tfjs-core, src/backend and
// src/util only.

/**
 * How a kernel viewed as a matrix [rows, cols] (cols = last axis) splits into groups:
 * - `input`: a group is one row, the weights leaving one input unit (the original code's choice);
 * - `output`: a group is one column, the weights entering one output unit or filter.
 */
export type Grouping = 'input' | 'output';

/**
 * Which proximal map of the exclusive term (t/2)*||w_g||_1^2 to use:
 * - `original`: the original code's closed form, w_i <- sign(w_i) max(0, |w_i| - t*||w_g||_1);
 * - `exact`: the sorting-based exact proximal map.
 */
export type ExclusiveForm = 'original' | 'exact';

export const GROUPINGS: readonly Grouping[] = ['input', 'output'];
export const EXCLUSIVE_FORMS: readonly ExclusiveForm[] = ['original', 'exact'];

/** Older names of the exclusive forms, still read from flags, scripts and saved runs. */
export const EXCLUSIVE_FORM_ALIASES: Readonly<Record<string, ExclusiveForm>> = { seed: 'original' };
