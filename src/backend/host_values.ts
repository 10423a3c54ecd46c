// Editing float32 variables on the host. The cpu and onednn backends keep every tensor as a typed array,
// so an edit of a variable nothing else shares (backend refCount 1) goes straight into that storage,
// with no weight-sized copies; any other backend (wasm) or a shared storage gets a copy, written back.
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { ChannelSums } from './channel_sums.js';

/**
 * The variable's own float32 storage when the backend keeps it on the host (cpu, onednn) and nothing else
 * shares it (a reshape or a kept read must not see an in-place update); else undefined.
 */
export function ownStorage(variable: tf.Variable): Float32Array | undefined {
  const backend = tf.backend();
  if (!(backend instanceof MathBackendCPU) || variable.dtype !== 'float32') return undefined;
  if (backend.refCount(variable.dataId) !== 1) return undefined;
  const values = backend.data.get(variable.dataId).values;
  if (!(values instanceof Float32Array)) return undefined;
  // Whoever asks for the storage writes it: sums a kernel took of it no longer hold.
  (backend as MathBackendCPU & { channelSums?: ChannelSums }).channelSums?.forget(variable.dataId);
  return values;
}

/** Runs `edit` on the variables' float32 values (row-major), which it changes in place. */
export function editVariables(variables: tf.Variable[], edit: (values: Float32Array[]) => void): void {
  const own = variables.map(ownStorage);
  const values = variables.map((variable, i) => own[i] ?? Float32Array.from(variable.dataSync<'float32'>()));
  edit(values);
  variables.forEach((variable, i) => {
    if (own[i] === undefined) tf.tidy(() => variable.assign(tf.tensor(values[i], variable.shape, 'float32')));
  });
}
