// The fused native CGES prox map (native/cges_prox.cc): group, then exclusive, then L1 soft-threshold, in one
// or two passes over a kernel viewed as [rows, cols] (cols = last axis). Same numbers as src/prox, with norms
// summed in float64. Thresholds arrive already multiplied by eta*lambda*c_l.
import * as tf from '@tensorflow/tfjs-core';
import { CgesError } from '../util/errors.js';
import { loadNativeAddon, nativeAddonProblem, type NativeAddon } from './native_addon.js';
import { ownStorage } from './host_values.js';
import { OneDnnBackend } from './onednn_backend.js';

export interface NativeProxParams {
  group: number;
  exclusive: number;
  l1: number;
  grouping: 'input' | 'output';
  exclusiveForm: 'original' | 'exact';
}

function checkParams(params: NativeProxParams): void {
  for (const name of ['group', 'exclusive', 'l1'] as const) {
    const value = params[name];
    if (!Number.isFinite(value) || value < 0) {
      throw new CgesError(`prox threshold "${name}" must be a finite number >= 0, got ${value}`);
    }
  }
  if (params.grouping !== 'input' && params.grouping !== 'output') {
    throw new CgesError(`prox grouping must be "input" or "output", got "${String(params.grouping)}"`);
  }
  if (params.exclusiveForm !== 'original' && params.exclusiveForm !== 'exact') {
    throw new CgesError(`prox exclusiveForm must be "original" or "exact", got "${String(params.exclusiveForm)}"`);
  }
}

function runProx(addon: NativeAddon, values: Float32Array, rows: number, cols: number, params: NativeProxParams,
  out: Float32Array): void {
  if (values.length === 0) return;
  addon.cgesProx(values, rows, cols, params.group, params.exclusive, params.l1, params.grouping === 'input',
    params.exclusiveForm === 'exact', out);
}

/** [rows, cols] of a kernel: cols is the last axis, rows the product of the others. */
function matrixShape(shape: number[]): [number, number] {
  const cols = shape.length === 0 ? 1 : shape[shape.length - 1];
  const size = shape.reduce((a, b) => a * b, 1);
  return [cols === 0 ? 0 : size / cols, cols];
}

/**
 * Applies the prox map to the variable's own storage in place when the current backend is onednn and
 * the storage is not shared (backend refCount 1); returns false (doing nothing) otherwise.
 */
export function proxVariableInPlace(variable: tf.Variable, params: NativeProxParams): boolean {
  checkParams(params);
  const backend = tf.backend();
  if (!(backend instanceof OneDnnBackend)) return false;
  const values = ownStorage(variable);
  if (values === undefined) return false;
  const [rows, cols] = matrixShape(variable.shape);
  runProx(backend.addon, values, rows, cols, params, values);
  return true;
}

/** Pure array form, for tests and the benchmark: returns the result in `out` (may equal `values`). */
export function proxArray(values: Float32Array, rows: number, cols: number, params: NativeProxParams,
  out: Float32Array = new Float32Array(values.length)): Float32Array {
  checkParams(params);
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0 || rows * cols !== values.length) {
    throw new CgesError(`prox matrix shape [${rows}, ${cols}] does not match ${values.length} values`);
  }
  if (out.length !== values.length) {
    throw new CgesError(`prox output has ${out.length} elements, expected ${values.length}`);
  }
  const addon = loadNativeAddon();
  if (addon === null) throw new CgesError(nativeAddonProblem() ?? 'the oneDNN addon is not available');
  runProx(addon, values, rows, cols, params, out);
  return out;
}
