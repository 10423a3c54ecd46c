// Input features as units: a Dense layer on the (flattened) input drops the features no live unit reads,
// and the compacted model takes the kept ones alone, with logits equal to the original's on them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { compactModel } from '../../src/compact/compact_model.js';
import { selectFeatures } from '../../src/compact/input_selection.js';
import { compactedCost } from '../../src/structure/compacted_cost.js';
import { editLayer, randomizeWeights, uniformInputs } from '../structure/fixtures.js';

/** Flatten [4, 4, 2] -> fc 5 relu -> out 3, with the features in `unread` read by no fc unit. */
function imageMlp(unread: number[], functional: boolean): tfl.LayersModel {
  let model: tfl.LayersModel;
  if (functional) {
    const x = tfl.input({ shape: [4, 4, 2] });
    const flat = tfl.layers.flatten({ name: 'flatten' }).apply(x);
    const fc = tfl.layers.dense({ name: 'fc', units: 5, activation: 'relu' }).apply(flat);
    model = tfl.model({ inputs: x, outputs: tfl.layers.dense({ name: 'out', units: 3 }).apply(fc) as tfl.SymbolicTensor });
  } else {
    model = tfl.sequential({ layers: [
      tfl.layers.flatten({ name: 'flatten', inputShape: [4, 4, 2] }),
      tfl.layers.dense({ name: 'fc', units: 5, activation: 'relu' }),
      tfl.layers.dense({ name: 'out', units: 3 }),
    ] });
  }
  randomizeWeights(model, 5);
  editLayer(model, 'fc', (kernel) => unread.forEach((f) => kernel.fill(0, f * 5, (f + 1) * 5)));
  return model;
}

for (const functional of [false, true]) {
  test(`${functional ? 'functional' : 'Sequential'}: unread input features go, the rest feed fc directly, logits equal`, async () => {
    const unread = [0, 1, 7, 16, 31];
    const model = imageMlp(unread, functional);
    const kept = Array.from({ length: 32 }, (_, f) => f).filter((f) => !unread.includes(f));
    // What the cost counts: fc's kernel over the kept features only.
    assert.equal(compactedCost(model, { pruneInputs: true }).params, kept.length * 5 + 5 + 5 * 3 + 3);
    assert.equal(compactedCost(model).params, 32 * 5 + 5 + 18);
    const x = uniformInputs([16, 4, 4, 2]);
    const compaction = await compactModel(model, { pruneInputs: true, verifyInputs: x });
    assert.deepEqual(compaction.inputFeatures, kept);
    assert.deepEqual(compaction.model.inputs[0].shape, [null, kept.length]);
    assert.equal(compaction.model.layers.some((layer) => layer.getClassName() === 'Flatten'), false);
    // Against the original on the same examples, selected by hand.
    const selected = tf.tensor2d(Array.from(tf.reshape(x, [16, 32]).arraySync() as number[][], (row) => kept.map((f) => row[f])));
    const diff = tf.max(tf.abs(tf.sub(model.predict(x) as tf.Tensor, compaction.model.predict(selected) as tf.Tensor))).dataSync()[0];
    assert.ok(diff < 1e-5, `max |logit difference| ${diff}`);
    assert.deepEqual(selectFeatures(x, kept).arraySync(), selected.arraySync());
    // Without pruneInputs nothing of the input changes.
    const plain = await compactModel(model, { verifyInputs: x });
    assert.equal(plain.inputFeatures, null);
    assert.deepEqual(plain.model.inputs[0].shape, [null, 4, 4, 2]);
    tf.dispose([x, selected]);
    [model, compaction.model, plain.model].forEach((m) => m.dispose());
  });
}
