// Shared by the onednn kernel tests: run the same TF.js code on the `cpu` backend (the reference) and
// on `onednn`, and compare element by element, naming the first index that differs.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core's node bundle registers no gradients; tfjs-layers registers all of them, as training does.
import '@tensorflow/tfjs-layers';
import { loadNativeAddon } from '../../../src/backend/native_addon.js';
import { registerOneDnnBackend } from '../../../src/backend/onednn_backend.js';

/** Registers the onednn backend; false when the addon is not built (the tests then skip). */
export function oneDnnAvailable(): boolean {
  return registerOneDnnBackend();
}

/** Seeded uniform values in [-1, 1), created on the cpu backend so both backends see the same numbers. */
export function random(shape: number[], seed: number): tf.Tensor {
  tf.setBackend('cpu');
  return tf.randomUniform(shape, -1, 1, 'float32', seed);
}

type NativeEntry = 'batchMatMul' | 'fusedMatMul' | 'conv2d' | 'fusedConv2d' | 'conv2dBackpropInput' |
  'conv2dBackpropFilter' | 'sum' | 'reluGrad' | 'maxPoolGrad' | 'avgPoolGrad' | 'depthwiseConv2dNative' |
  'depthwiseConv2dNativeBackpropInput' | 'depthwiseConv2dNativeBackpropFilter' | 'relu6' | 'relu6Grad' | 'square' |
  'fusedBatchNorm' | 'centeredChannelSum' | 'clipByValue' | 'clipByValueGrad' | 'meanGrad' | 'squareGrad' |
  'batchNormTraining' | 'batchNormTrainingGrad' | 'relu' | 'normalisedRelu6Grad';

/** How many times fn calls the addon's `entry`: proves a kernel ran natively rather than falling back. */
export function countNativeCalls(entry: NativeEntry, fn: () => void): number {
  const addon = loadNativeAddon();
  assert.ok(addon !== null, 'the addon is loaded');
  const original: unknown = Reflect.get(addon, entry);
  assert.ok(typeof original === 'function', `the addon exports ${entry}`);
  let calls = 0;
  Reflect.set(addon, entry, function counted(this: unknown, ...args: unknown[]) {
    calls += 1;
    return Reflect.apply(original, this, args);
  });
  try {
    fn();
  } finally {
    Reflect.set(addon, entry, original);
  }
  return calls;
}

interface Output {
  shape: number[];
  values: Float32Array;
}

/** Runs fn on `backend` and returns its outputs' shapes and values; the outputs are disposed. */
export function outputsOn(backend: string, fn: () => tf.Tensor | tf.Tensor[]): Output[] {
  tf.setBackend(backend);
  const result = fn();
  const tensors = Array.isArray(result) ? result : [result];
  const outputs = tensors.map((t) => ({ shape: t.shape, values: Float32Array.from(t.dataSync()) }));
  tf.dispose(tensors);
  return outputs;
}

export interface CompareOptions {
  /** Tolerance: |a - b| <= tol (1 + |b|); float32 sums in another order differ in the last bits. Equal
   *  values (infinities) and NaN against NaN pass. */
  tol?: number;
  /** The addon entry that must run (once or more) on onednn; omit for cases that fall back to cpu. */
  native?: NativeEntry;
}

/**
 * Asserts fn gives the same shapes and values on onednn as on cpu, that onednn leaves no tensor
 * behind, and (with options.native) that the native kernel really ran.
 */
export function assertSameAsCpu(label: string, fn: () => tf.Tensor | tf.Tensor[], options: CompareOptions = {}): void {
  const tol = options.tol ?? 1e-4;
  const expected = outputsOn('cpu', fn);
  tf.setBackend('onednn');
  const before = tf.memory().numTensors;
  let actual: Output[] = [];
  const calls = countNativeCalls(options.native ?? 'batchMatMul', () => {
    actual = outputsOn('onednn', fn);
  });
  if (options.native !== undefined) assert.ok(calls > 0, `${label}: the native ${options.native} did not run`);
  assert.equal(tf.memory().numTensors, before, `${label}: onednn leaked tensors`);
  assert.equal(actual.length, expected.length, `${label}: number of outputs`);
  expected.forEach((want, output) => {
    const got = actual[output];
    assert.deepEqual(got.shape, want.shape, `${label}: output ${output} shape`);
    // Equal values pass as they are (infinities), and NaN where cpu has NaN.
    const bad = want.values.findIndex((value, i) => got.values[i] !== value &&
      !(Number.isNaN(value) && Number.isNaN(got.values[i])) && !(Math.abs(got.values[i] - value) <= tol * (1 + Math.abs(value))));
    if (bad >= 0) {
      assert.fail(`${label}: output ${output} differs first at index ${bad}: onednn ${got.values[bad]}, ` +
        `cpu ${want.values[bad]}, difference ${got.values[bad] - want.values[bad]}`);
    }
  });
}

export const NOT_BUILT = 'oneDNN addon not built';
