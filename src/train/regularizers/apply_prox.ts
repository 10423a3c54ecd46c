// Applies one proximal map to a kernel variable: the fused native kernel in place when the backend is
// onednn, else the TF.js ops of src/prox, whose result replaces the variable's value.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { proxVariableInPlace } from '../../backend/native_prox.js';
import { cgesProx, type ExclusiveForm, type Grouping } from '../../prox/index.js';

/** Thresholds already multiplied by eta*lambda*c_l; the map is group, then exclusive, then l1. */
export interface KernelProx {
  group: number;
  exclusive: number;
  l1: number;
  grouping: Grouping;
  exclusiveForm: ExclusiveForm;
}

export function applyProx(variable: tfl.LayerVariable, prox: KernelProx): void {
  if (prox.group === 0 && prox.exclusive === 0 && prox.l1 === 0) return; // the identity
  const value = variable.read();
  if (value instanceof tf.Variable && proxVariableInPlace(value, prox)) return;
  // write() assigns by reference to the new storage, so disposing the result at the end of tidy is safe.
  tf.tidy(() => {
    variable.write(cgesProx(value, prox));
  });
}
