// The equality check: differences and scales against models whose outputs differ by a known amount,
// the relative tolerance, NaN never passing, and every output of a model with several inputs and outputs
// held to its own scale.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  assertLogitsAgree, CompactionMismatchError, compareLogits, logitsAgree, randomInputs, randomModelInputs,
  type LogitComparison,
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
  return { maxAbsDiff, scale, outputs: [{ maxAbsDiff, scale }], predictedBefore: new Int32Array(0), predictedAfter: new Int32Array(0) };
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

/**
 * Two inputs, x [3] and z [2]; outputs big = 100 * x (scale 400 on the inputs below) and small = z + bias
 * (scale about 1): a difference of 0.01 in small alone is far below 1e-4 of big's scale.
 */
function twoInTwoOut(bias: number): tfl.LayersModel {
  const x = tfl.input({ shape: [3] });
  const z = tfl.input({ shape: [2] });
  const bigLayer = tfl.layers.dense({ units: 3 });
  const smallLayer = tfl.layers.dense({ units: 2 });
  const big = bigLayer.apply(x) as tfl.SymbolicTensor;
  const small = smallLayer.apply(z) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: [x, z], outputs: [big, small] });
  const weights = [tf.mul(tf.eye(3), 100), tf.zeros([3]), tf.eye(2), tf.tensor1d([0, bias])];
  bigLayer.setWeights(weights.slice(0, 2));
  smallLayer.setWeights(weights.slice(2));
  tf.dispose(weights);
  return model;
}

describe('compareLogits on several inputs and outputs', () => {
  it('holds every output to its own scale, so a small output\'s difference is not hidden by a big one', () => {
    const a = twoInTwoOut(0);
    const b = twoInTwoOut(0.01);
    const inputs = [tf.tensor2d([[1, 0, -4], [0, 2, 0], [3, 0, 1]]), tf.tensor2d([[0.5, -1], [0, 0.25], [1, 0]])];
    const result = compareLogits(a, b, inputs, 2);
    assert.equal(result.outputs.length, 2);
    assert.equal(result.outputs[0].maxAbsDiff, 0);
    assert.equal(result.outputs[0].scale, 400);
    assert.ok(Math.abs(result.outputs[1].maxAbsDiff - 0.01) < 1e-7);
    assert.equal(result.outputs[1].scale, 1);
    // The verdict is the worst output's: 0.01 of a scale of 1.
    assert.deepEqual([result.maxAbsDiff, result.scale], [result.outputs[1].maxAbsDiff, 1]);
    assert.equal(logitsAgree(result), false);
    assert.throws(() => assertLogitsAgree(result), (error: unknown) => error instanceof CompactionMismatchError && /output 2 of 2/.test(error.message));
    // Predictions are the first output's argmax.
    assert.deepEqual(Array.from(result.predictedBefore), [0, 1, 0]);
    assert.equal(logitsAgree(compareLogits(a, a, inputs)), true);
    tf.dispose(inputs);
    a.dispose();
    b.dispose();
  });

  it('makes random inputs for every input of the model', () => {
    const model = twoInTwoOut(0);
    const inputs = randomModelInputs(model, 4);
    assert.deepEqual(inputs.map((t) => t.shape), [[4, 3], [4, 2]]);
    tf.dispose(inputs);
    model.dispose();
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
