// When the structure control asks for a shrink (shrinkDue after a control point): while sparsifying, once
// compaction would cost at most SHRINK_BELOW of the training model's MACs; once fine-tuning starts, at any
// saving. By hand on dense in 4 -> h relu -> 4, whose MACs are 8h: each removed hidden unit saves 8.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { unitCouplings } from '../../src/structure/unit_groups.js';
import { denseReference } from '../../src/train/metrics.js';
import { makeRegularizer } from '../../src/train/regularizers/index.js';
import { SHRINK_BELOW, type ModelShrinker } from '../../src/train/shrink.js';
import { resolveStructure, StructureControl } from '../../src/train/structure_control.js';
import { zeroUnits } from '../../src/train/unit_weights.js';

await tf.setBackend('cpu');

const shrink: ModelShrinker = async () => { throw new Error('the control only says when; the trainer shrinks'); };

/** dense 4 -> `hidden` relu -> 4 with its first `zeroed` hidden units removed (column, bias and row zero). */
function mlp(hidden: number, zeroed: number): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [4], units: hidden, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
      tfl.layers.dense({ units: 4, kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  zeroUnits(unitCouplings(model)[0], Array.from({ length: zeroed }, (_, u) => u));
  return model;
}

/** A control over 10 steps, the last `finetune` fine-tuning, a control point at every step. */
function controlOf(model: tfl.LayersModel, finetune: number, cropInput = false): StructureControl {
  const options = resolveStructure({ masks: true, shrink, finetune, controlEvery: 1, cropInput }, 10);
  return new StructureControl(model, makeRegularizer('none', { lambda: 0, mu: 0.8, grouping: 'input', exclusiveForm: 'original' }),
    options, 10, 0.1, denseReference(model, false));
}

function shrinkDueAfter(hidden: number, zeroed: number, step: number, finetune = 2): boolean {
  const model = mlp(hidden, zeroed);
  const control = controlOf(model, finetune);
  control.afterStep(model, step);
  const due = control.shrinkDue;
  model.dispose();
  return due;
}

test('while sparsifying, a shrink is due once compaction costs at most SHRINK_BELOW of the MACs', () => {
  assert.equal(SHRINK_BELOW, 0.8);
  assert.equal(shrinkDueAfter(6, 0, 1), false);
  assert.equal(shrinkDueAfter(6, 1, 1), false); // 40 of 48 MACs
  assert.equal(shrinkDueAfter(6, 2, 1), true); // 32 of 48
  assert.equal(shrinkDueAfter(5, 1, 1), true); // 32 of 40: exactly 0.8
});

test('once fine-tuning starts, any saving makes a shrink due', () => {
  // Step 8 of 10 with 2 fine-tuning steps is the deadline: fine-tuning starts there.
  assert.equal(shrinkDueAfter(6, 1, 8), true);
  assert.equal(shrinkDueAfter(6, 0, 8), false);
  // Without fine-tuning steps the deadline is the end, and sparsifying rules hold until then.
  assert.equal(shrinkDueAfter(6, 1, 8, 0), false);
});

test('the saving is measured against the training model, not the model the run started from', () => {
  const original = mlp(10, 0);
  const control = controlOf(original, 2);
  // The run goes on with a 7-unit model (56 of the original's 80 MACs): nothing more to save in it yet.
  const shrunk = mlp(7, 0);
  control.shrunk(shrunk, 1);
  control.afterStep(shrunk, 2);
  assert.equal(control.shrinkDue, false);
  // Two of its 7 units gone: 40 of its 56 MACs, 0.71.
  zeroUnits(unitCouplings(shrunk)[0], [0, 1]);
  control.afterStep(shrunk, 3);
  assert.equal(control.shrinkDue, true);
  original.dispose();
  shrunk.dispose();
});

test('what cropping the input saves does not make a shrink due: a shrink keeps the input whole', () => {
  // flatten 2x2 -> 6 relu -> 4, 48 MACs; the top row's pixels are read by no unit, so the crop saves 12.
  const model = tfl.sequential({
    layers: [
      tfl.layers.flatten({ inputShape: [2, 2, 1] }),
      tfl.layers.dense({ units: 6, activation: 'relu', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) }),
      tfl.layers.dense({ units: 4, kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
  tf.tidy(() => {
    const [kernel, bias] = model.layers[1].getWeights();
    model.layers[1].setWeights([tf.concat([tf.zeros([2, 6]), tf.slice(kernel, [2, 0], [2, 6])]), bias]);
  });
  const control = controlOf(model, 2, true);
  control.afterStep(model, 1);
  assert.equal(control.fractions(model).macs, 36 / 48, 'the compacted cost counts the crop');
  assert.equal(control.shrinkDue, false, '36 of 48 MACs, but a shrink would still cost 48');
  // Two hidden units gone: the shrink itself saves 16 of 48.
  zeroUnits(unitCouplings(model)[0], [0, 1]);
  control.afterStep(model, 2);
  assert.equal(control.shrinkDue, true);
  model.dispose();
});
