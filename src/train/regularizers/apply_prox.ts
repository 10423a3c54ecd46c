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
  /**
   * A depthwise kernel [kh, kw, C, m]: a group is one channel's [kh, kw, m] slice whatever the grouping,
   * so the maps run on the kernel seen as [C, kh*kw*m] by rows.
   */
  channelGroups?: boolean;
}

/** [kh, kw, C, m] <-> [C, kh, kw, m]: reshaped to [C, kh*kw*m], channel c's slice is row c. */
const CHANNELS_FIRST = [2, 0, 1, 3];
const CHANNELS_BACK = [1, 2, 0, 3];

export function applyProx(variable: tfl.LayerVariable, prox: KernelProx): void {
  if (prox.group === 0 && prox.exclusive === 0 && prox.l1 === 0) return; // the identity
  const value = variable.read();
  if (prox.channelGroups === true) {
    tf.tidy(() => {
      const [kh, kw, channels, multiplier] = value.shape;
      const rows = tf.reshape(tf.transpose(value, CHANNELS_FIRST), [channels, kh * kw * multiplier]);
      const byChannel = cgesProx(rows, { ...prox, grouping: 'input' });
      variable.write(tf.transpose(tf.reshape(byChannel, [channels, kh, kw, multiplier]), CHANNELS_BACK));
    });
    return;
  }
  if (value instanceof tf.Variable && proxVariableInPlace(value, prox)) return;
  // write() assigns by reference to the new storage, so disposing the result at the end of tidy is safe.
  tf.tidy(() => {
    variable.write(cgesProx(value, prox));
  });
}
