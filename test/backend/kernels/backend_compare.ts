// Helpers for checking onednn kernels against the TF.js cpu backend: run the same computation on both,
// compare element by element, and report the first index that differs and by how much.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core's gradients are registered by tfjs-layers' Node bundle (core's own module cannot load as ESM).
import '@tensorflow/tfjs-layers';
import { loadNativeAddon } from '../../../src/backend/native_addon.js';
import { registerOneDnnBackend } from '../../../src/backend/onednn_backend.js';

/** A test's skip option: the reason, when the addon is not built. */
export const skipWithoutAddon = loadNativeAddon() === null ? 'the oneDNN addon is not built' : false;

/** Seeded values in [-1, 1): continuous, so ties (which kernels may break differently) do not occur. */
export function seededValues(size: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    values[i] = s / 2 ** 31 - 1;
  }
  return values;
}

/** The values `compute` returns on the cpu backend and on onednn; it must build its tensors itself. */
export async function onBothBackends(compute: () => tf.Tensor[]): Promise<{ cpu: Float32Array[]; onednn: Float32Array[] }> {
  assert.ok(registerOneDnnBackend(), 'the onednn backend registers');
  const run = async (backend: string): Promise<Float32Array[]> => {
    await tf.setBackend(backend);
    const before = tf.memory().numTensors;
    const tensors = tf.tidy(compute);
    const values = tensors.map((t) => Float32Array.from(t.dataSync()));
    tf.dispose(tensors);
    assert.equal(tf.memory().numTensors, before, `tensor leak on ${backend}`);
    return values;
  };
  const cpu = await run('cpu');
  const onednn = await run('onednn');
  await tf.setBackend('cpu');
  return { cpu, onednn };
}

/** |actual - expected| <= atol + rtol*|expected| everywhere (equal infinities pass). */
export function assertAllClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string,
  atol = 1e-5, rtol = 1e-5): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] === expected[i]) continue;
    const diff = Math.abs(actual[i] - expected[i]);
    if (!(diff <= atol + rtol * Math.abs(expected[i]))) {
      assert.fail(`${what}: index ${i}: onednn ${actual[i]}, reference ${expected[i]} (difference ${diff})`);
    }
  }
}

/** Asserts the tensor `compute` returns has the same values, shape and dtype on onednn as on cpu, exactly. */
export async function assertExactlyAsCpu(compute: () => tf.Tensor): Promise<void> {
  const dtypes: tf.DataType[] = ['float32', 'int32', 'bool'];
  const { cpu, onednn } = await onBothBackends(() => {
    const result = compute();
    return [result, tf.tensor1d(result.shape), tf.tensor1d([dtypes.indexOf(result.dtype)])];
  });
  assert.deepEqual(onednn, cpu);
}
