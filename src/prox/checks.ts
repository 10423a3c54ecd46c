// Argument checks shared by the proximal operators: every bad argument is a CgesError naming it.
import * as tf from '@tensorflow/tfjs-core';
import { CgesError } from '../util/errors.js';
import { EXCLUSIVE_FORMS, GROUPINGS, type ExclusiveForm, type Grouping } from './types.js';

export function checkKernel(w: tf.Tensor, op: string): void {
  if (!(w instanceof tf.Tensor)) throw new CgesError(`${op}: the weights must be a tf.Tensor`);
  if (w.isDisposed) throw new CgesError(`${op}: the weights tensor is disposed`);
  if (w.dtype !== 'float32') throw new CgesError(`${op}: the weights must be float32, got ${w.dtype}`);
  if (w.rank < 1) throw new CgesError(`${op}: the weights must have rank >= 1, got a scalar`);
}

export function checkThreshold(t: number, name: string, op: string): void {
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
    throw new CgesError(`${op}: ${name} must be a finite number >= 0, got ${String(t)}`);
  }
}

export function checkGrouping(grouping: Grouping, op: string): void {
  if (!GROUPINGS.includes(grouping)) {
    throw new CgesError(`${op}: grouping must be one of ${GROUPINGS.join(', ')}, got ${String(grouping)}`);
  }
}

export function checkExclusiveForm(form: ExclusiveForm, op: string): void {
  if (!EXCLUSIVE_FORMS.includes(form)) {
    throw new CgesError(`${op}: exclusiveForm must be one of ${EXCLUSIVE_FORMS.join(', ')}, got ${String(form)}`);
  }
}
