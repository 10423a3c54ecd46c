// The equality check: differences and scales against models whose outputs differ by a known amount,
// the relative tolerance, and NaN never passing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  assertLogitsAgree, CompactionMismatchError, compareLogits, logitsAgree, randomInputs, type LogitComparison,
} from '../../src/compact/verify.js';
import { CgesError } from '../../src/util/errors.js';
import '../structure/fixtures.js';

/** y = x W + b with W = 2 * identity and the given bias; logits are known in closed form. */
function scaled(bias: number[]): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ inputShape: [3], units: 3 }));
  const weights = [tf.mul(tf.eye(3), 2), tf.tensor1d(bias)];
  model.setWeights(weights);
  tf.dispose(weights);
  return model;
}

function comparison(maxAbsDiff: number, scale: number): LogitComparison {
  return { maxAbsDiff, scale, predictedBefore: new Int32Array(0), predictedAfter: new Int32Array(0) };
}

describe('compareLogits', () => {
  it('finds the known bias difference, the logit scale and the argmax, across batches', () => {
    const a = scaled([0, 0, 0]);
    const b = scaled([0, 0.25, 0]);
    const x = tf.tensor2d([[1, 0, 0], [0, 3, 0], [0, 0, -4], [0.5, 0, 0.4], [0, 0, 1]]);
    const result = compareLogits(a, b, x, 2);
    assert.ok(Math.abs(result.maxAbsDiff - 0.25) < 1e-7);
    assert.equal(result.scale, 8); // |2 * -4|
    assert.deepEqual(Array.from(result.predictedBefore), [0, 1, 0, 0, 2]);
    assert.deepEqual(Array.from(result.predictedAfter), [0, 1, 1, 0, 2]);
    tf.dispose(x);
    a.dispose();
    b.dispose();
  });
});

describe('logitsAgree', () => {
  it('accepts differences up to 1e-4 of the logit scale and nothing above', () => {
    assert.equal(logitsAgree(comparison(1e-3, 10)), true);
    assert.equal(logitsAgree(comparison(1.1e-3, 10)), false);
    assert.equal(logitsAgree(comparison(0, 0)), true);
    assert.equal(logitsAgree(comparison(Number.NaN, 1)), false);
    assert.equal(logitsAgree(comparison(0, Number.NaN)), false);
  });

  it('raises CompactionMismatchError naming the difference', () => {
    assert.throws(() => assertLogitsAgree(comparison(0.5, 1)), (error: unknown) =>
      error instanceof CompactionMismatchError && /0\.5/.test(error.message));
  });
});

describe('randomInputs', () => {
  it('shapes inputs for the model and refuses an input of unknown size', () => {
    const a = scaled([0, 0, 0]);
    const x = randomInputs(a, 4);
    assert.deepEqual(x.shape, [4, 3]);
    x.dispose();
    const open = tfl.sequential({ layers: [tfl.layers.inputLayer({ batchInputShape: [null, null, 2] })] });
    assert.throws(() => randomInputs(open, 2), CgesError);
    a.dispose();
  });
});
