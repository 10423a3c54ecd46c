// The onednn MaxPoolGrad kernel against the TF.js cpu kernel, through tf.grad of a weighted max pool.
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { assertAllClose, onBothBackends, seededValues, skipWithoutAddon } from './backend_compare.js';
import { describeCase, POOL_CASES, WIDE_PAD_CASE } from './pool_cases.js';

/** Values in {0, 1, 2}, mostly 0, as after a relu: most windows hold a tie for their maximum. */
function tiedValues(size: number, seed: number): Float32Array {
  return seededValues(size, seed).map((v) => Math.max(0, Math.round(v * 2)));
}

const CASES = [
  ...[...POOL_CASES, WIDE_PAD_CASE].map((c) => ({ c, values: seededValues, label: '' })),
  ...POOL_CASES.map((c) => ({ c, values: tiedValues, label: ', ties' })),
];

for (const [index, { c, values, label }] of CASES.entries()) {
  test(`MaxPoolGrad matches cpu: ${describeCase(c)}${label}`, { skip: skipWithoutAddon }, async () => {
    const x = values(c.shape.reduce((a, b) => a * b, 1), 300 + index);
    const { cpu, onednn } = await onBothBackends(() => {
      const input = tf.tensor4d(x, c.shape);
      const yShape = tf.maxPool(input, c.filter, c.strides, c.pad).shape;
      // Distinct weights per output cell, so a wrongly routed gradient changes the sum.
      const weights = tf.tensor(seededValues(yShape.reduce((a, b) => a * b, 1), 400 + index), yShape);
      // tf.grad types its input as a plain Tensor; the reshape only restores the rank for tf.maxPool.
      const loss = (t: tf.Tensor) =>
        tf.sum(tf.mul(tf.maxPool(tf.reshape<tf.Rank.R4>(t, c.shape), c.filter, c.strides, c.pad), weights));
      return [tf.grad(loss)(input)];
    });
    // Overlapping windows add several dy cells into one dx cell, in an order that differs by a rounding.
    assertAllClose(onednn[0], cpu[0], describeCase(c));
  });
}
