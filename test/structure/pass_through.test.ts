// Look-through layers: the constant they output for a constant input, checked by running the real layer
// on a constant map (SAME pooling with partial border windows included), and the layers refused.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { applyActivation, constantThrough, passThroughProblem } from '../../src/structure/pass_through.js';
import './fixtures.js';

/** Runs the layers on a 5x5x2 map filled with k and returns every output value. */
function runOnConstant(layers: tfl.layers.Layer[], k: number): Float32Array {
  const model = tfl.sequential({ layers: [tfl.layers.inputLayer({ inputShape: [5, 5, 2] }), ...layers] });
  const values = tf.tidy(() => {
    const y = model.predict(tf.fill([1, 5, 5, 2], k));
    if (Array.isArray(y)) throw new Error('one output expected');
    return y.dataSync<'float32'>();
  });
  model.dispose();
  return values;
}

describe('constantThrough', () => {
  const stacks: [string, () => tfl.layers.Layer[]][] = [
    ['max pool 2x2 SAME', () => [tfl.layers.maxPooling2d({ poolSize: 2, padding: 'same' })]],
    ['average pool 3x3/2 SAME', () => [tfl.layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' })]],
    ['global average pool', () => [tfl.layers.globalAveragePooling2d({})]],
    ['relu layer, flatten, dropout', () => [tfl.layers.reLU(), tfl.layers.flatten(), tfl.layers.dropout({ rate: 0.5 })]],
    ['tanh then relu activations', () => [
      tfl.layers.activation({ activation: 'tanh' }), tfl.layers.activation({ activation: 'relu' }),
    ]],
  ];
  for (const [name, make] of stacks) {
    for (const k of [0.7, -1.3]) {
      it(`${name}: a constant ${k} map gives one constant, the one the real layers give`, () => {
        const layers = make();
        const expected = constantThrough(layers, k);
        const values = runOnConstant(layers, k); // disposes the layers
        for (const v of values) assert.ok(Math.abs(v - expected) < 1e-6, `${v} vs ${expected}`);
      });
    }
  }
});

describe('applyActivation', () => {
  it('matches the closed forms of linear, relu and sigmoid', () => {
    assert.equal(applyActivation('linear', -2.5), -2.5);
    assert.equal(applyActivation('relu', -2.5), 0);
    assert.ok(Math.abs(applyActivation('sigmoid', 0.3) - 1 / (1 + Math.exp(-0.3))) < 1e-6);
    assert.throws(() => applyActivation('softmax', 1));
  });
});

describe('passThroughProblem', () => {
  it('accepts pooling, flatten, dropout and elementwise activations, and names what it refuses', () => {
    assert.equal(passThroughProblem(tfl.layers.maxPooling2d({ poolSize: 2 })), undefined);
    assert.equal(passThroughProblem(tfl.layers.activation({ activation: 'relu' })), undefined);
    assert.match(String(passThroughProblem(tfl.layers.activation({ activation: 'softmax' }))), /softmax mixes units/);
    assert.match(String(passThroughProblem(tfl.layers.batchNormalization())), /BatchNormalization/);
    const channelsFirst = tfl.layers.maxPooling2d({ poolSize: 2, dataFormat: 'channelsFirst' });
    assert.match(String(passThroughProblem(channelsFirst)), /not NHWC/);
  });
});
