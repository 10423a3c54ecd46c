// Plain SGD's weight update done in place on the onednn backend (native/sgd_update.cc): w <- w - eta * g in
// the variable's own storage, the numbers TF.js's SGD gets from add(mul(-eta, g), w) in float32, without
// allocating the two weight-sized tensors in between.
import * as tf from '@tensorflow/tfjs-core';
import { ownStorage } from './host_values.js';
import { OneDnnBackend } from './onednn_backend.js';

/**
 * Applies w <- w - eta * g to the variable's own storage when the current backend is onednn, both are
 * float32 of one shape and the storage is not shared (backend refCount 1); returns false (doing nothing)
 * otherwise, for the caller to take TF.js's own path.
 */
export function sgdVariableInPlace(variable: tf.Variable, gradient: tf.Tensor, eta: number): boolean {
  const backend = tf.backend();
  if (!(backend instanceof OneDnnBackend) || !Number.isFinite(eta) || eta < 0) return false;
  if (gradient.dtype !== 'float32' || !tf.util.arraysEqual(variable.shape, gradient.shape)) return false;
  const weights = ownStorage(variable);
  const gradientValues = backend.data.get(gradient.dataId).values;
  if (weights === undefined || !(gradientValues instanceof Float32Array)) return false;
  if (weights === gradientValues) return false;
  backend.addon.sgdUpdate(weights, gradientValues, eta);
  return true;
}
