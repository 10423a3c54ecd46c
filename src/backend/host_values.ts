// Editing float32 variables on the host. The onednn backend keeps every tensor as a typed array and hands
// user code copies of float32 storage (onednn_backend.ts), so an edit of a variable nothing else shares
// (backend refCount 1) goes straight into that storage, with no weight-sized copies. Any other backend
// gets a copy, written back: the cpu backend's dataSync() returns the storage itself, which an in-place
// edit would change under whoever kept it; wasm keeps its own memory.
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { newFloat32 } from './aligned_memory.js';
import { oneDnnParts } from './kernels/native_kernel.js';
import type { NativeAddon } from './native_addon.js';

// Storage the in-place edits may write: arrays made here, and pooled kernel outputs one tensor alone
// holds (float32_pool.ts). Any other storage may be an array its caller still holds (TF.js stores the array given to tf.tensor() by reference, and a variable made from that
// tensor keeps it), so a variable's first in-place edit moves it onto a copy of its own.
const editable = new WeakSet<Float32Array>();

/** The variable's storage replaced by an aligned copy the edits own. */
function takeOwnership(backend: MathBackendCPU, addon: NativeAddon, dataId: tf.DataId,
  values: Float32Array): Float32Array {
  const { float32Pool } = oneDnnParts(backend);
  const copy = newFloat32(addon, values.length, false);
  copy.set(values);
  backend.data.get(dataId).values = copy;
  float32Pool?.release(values);
  editable.add(copy);
  return copy;
}

/**
 * The variable's own float32 storage on the onednn backend when nothing else shares it (a reshape or a
 * pending kernel output must not see an in-place update); else undefined.
 */
export function ownStorage(variable: tf.Variable): Float32Array | undefined {
  const backend = tf.backend();
  if (!(backend instanceof MathBackendCPU) || variable.dtype !== 'float32') return undefined;
  const { addon } = oneDnnParts(backend);
  if (addon === undefined || backend.refCount(variable.dataId) !== 1) return undefined;
  const values = backend.data.get(variable.dataId).values;
  if (!(values instanceof Float32Array)) return undefined;
  // Whoever asks for the storage writes it: sums a kernel took of it no longer hold.
  oneDnnParts(backend).channelSums?.forget(variable.dataId);
  // A kernel's pooled output that only this variable holds (the new value an optimiser such as
  // tf.train.sgd assigns every step) is the variable's own already: copying it would cost a weight-sized
  // allocation per step.
  const owned = editable.has(values) || (oneDnnParts(backend).float32Pool?.heldWholeByOne(values) ?? false);
  return owned ? values : takeOwnership(backend, addon, variable.dataId, values);
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
