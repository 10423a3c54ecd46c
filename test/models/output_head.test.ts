// A model's softmax or sigmoid head taken off and put back: the headless model outputs the pre-activation
// (checked against x W + b written with tfjs-core ops), and putting the head back gives the original's
// outputs, in each form a Keras model ends in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { outputHead, withHead, withoutHead } from '../../src/models/output_head.js';
import { maxOutputDiff, predictOne, randomizeWeights, reloadWithPlainTfjs, symbolic, uniformInputs } from '../structure/fixtures.js';

await tf.setBackend('cpu');

/** The `out` dense layer's x W + b, from the model's input through its `hidden` relu layer. */
function preActivation(model: tfl.LayersModel, x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const [w1, b1] = model.getLayer('hidden').getWeights();
    const [w2, b2] = model.getLayer('out').getWeights();
    const h = tf.relu(tf.add(tf.matMul(x as tf.Tensor2D, w1 as tf.Tensor2D), b1));
    return tf.add(tf.matMul(h, w2 as tf.Tensor2D), b2);
  });
}

const hidden = () => tfl.layers.dense({ name: 'hidden', units: 5, activation: 'relu' });

const MODELS: { name: string; make: () => tfl.LayersModel; activation: string | null; form?: string }[] = [
  {
    name: 'a Dense layer\'s own softmax (Sequential)', activation: 'softmax', form: 'own',
    make: () => tfl.sequential({ layers: [
      tfl.layers.dense({ name: 'hidden', inputShape: [4], units: 5, activation: 'relu' }),
      tfl.layers.dense({ name: 'out', units: 3, activation: 'softmax' }),
    ] }),
  },
  {
    name: 'a Softmax layer (Sequential)', activation: 'softmax', form: 'layer',
    make: () => tfl.sequential({ layers: [
      tfl.layers.dense({ name: 'hidden', inputShape: [4], units: 5, activation: 'relu' }),
      tfl.layers.dense({ name: 'out', units: 3 }), tfl.layers.softmax({ name: 'probs' }),
    ] }),
  },
  {
    name: 'an Activation layer\'s sigmoid (functional)', activation: 'sigmoid', form: 'layer',
    make: () => {
      const input = tfl.input({ shape: [4] });
      const out = symbolic(tfl.layers.dense({ name: 'out', units: 3 }).apply(symbolic(hidden().apply(input))));
      return tfl.model({ inputs: input, outputs: symbolic(tfl.layers.activation({ name: 'probs', activation: 'sigmoid' }).apply(out)) });
    },
  },
  {
    name: 'logits (no head)', activation: null,
    make: () => tfl.sequential({ layers: [
      tfl.layers.dense({ name: 'hidden', inputShape: [4], units: 5, activation: 'relu' }), tfl.layers.dense({ name: 'out', units: 3 }),
    ] }),
  },
];

for (const { name, make, activation, form } of MODELS) {
  test(`output head: ${name}`, async () => {
    const model = make();
    randomizeWeights(model);
    const head = outputHead(model);
    if (activation === null) {
      assert.equal(head, null);
      model.dispose();
      return;
    }
    assert.ok(head !== null);
    assert.deepEqual([head.activation, head.form], [activation, form]);
    const x = uniformInputs([6, 4]);
    const logits = await withoutHead(model, head);
    const expected = preActivation(model, x);
    const actual = predictOne(logits, x);
    assert.ok(tf.tidy(() => tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0]) < 1e-6);
    const back = await withHead(logits, head);
    assert.equal(maxOutputDiff(model, back, x), 0);
    const reloaded = await reloadWithPlainTfjs(back);
    assert.equal(maxOutputDiff(model, reloaded, x), 0);
    assert.deepEqual(outputHead(back)?.activation, activation);
    tf.dispose([x, expected, actual]);
    [model, logits, back, reloaded].forEach((m) => m.dispose());
  });
}
