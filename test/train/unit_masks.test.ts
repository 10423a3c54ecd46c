// Masks: a unit compaction would remove stays exactly zero through later training steps with every
// optimiser (and, as the control, comes back without masks); a constant unit's output is folded into
// the next layer's bias first, so masking leaves the model's outputs as they were.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { OPTIMIZER_NAMES, type OptimizerName } from '../../src/train/optimizers.js';
import { makeRegularizer } from '../../src/train/regularizers/index.js';
import { train } from '../../src/train/trainer.js';
import { UnitMasks } from '../../src/train/unit_masks.js';
import { editLayer, layerWeights, maxOutputDiff, randomizeWeights, uniformInputs, zeroChannel, zeroColumn } from '../structure/fixtures.js';
import { fakeMnist } from './fixtures.js';

function mlp(): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.flatten({ inputShape: [28, 28, 1] }));
  model.add(tfl.layers.dense({ name: 'fc1', units: 6, activation: 'relu' }));
  model.add(tfl.layers.dense({ name: 'fc2', units: 3 }));
  randomizeWeights(model, 3);
  return model;
}

/** Every weight of fc1 unit 2: its column, its bias, its row of fc2. */
function unitWeights(model: tfl.LayersModel): number[] {
  const fc1 = layerWeights(model, 'fc1');
  const fc2 = layerWeights(model, 'fc2');
  const column = Array.from({ length: 784 }, (_, r) => fc1.kernel[r * 6 + 2]);
  return [...column, fc1.bias[2], ...fc2.kernel.slice(2 * 3, 3 * 3)];
}

async function trainUnitDead(optimizer: OptimizerName, masks: boolean): Promise<{ max: number; everStayedZero: boolean }> {
  const model = mlp();
  editLayer(model, 'fc2', (kernel) => zeroChannel(kernel, 3, 6, 2)); // fc1 unit 2 feeds nothing: dead
  let everStayedZero = true;
  await train({
    model, data: { train: fakeMnist(60, 1), test: fakeMnist(10, 2) }, regularizer: makeRegularizer('none', {
      lambda: 0, mu: 0.8, grouping: 'input', exclusiveForm: 'original' }),
    grouping: 'input', iterations: 12, batchSize: 10, optimizer, seed: 3,
    schedule: { baseLr: 0.1, stepsize: 100, decayRate: 1 }, displayEvery: 100, testEvery: 100,
    structure: { masks, controlEvery: 1 },
    onStep: () => { if (unitWeights(model).some((w) => w !== 0)) everStayedZero = false; },
  }).then((result) => result.state.optimizer.dispose());
  const max = Math.max(...unitWeights(model).map(Math.abs));
  model.dispose();
  return { max, everStayedZero };
}

describe('UnitMasks', () => {
  for (const optimizer of OPTIMIZER_NAMES) {
    it(`keeps a masked unit exactly zero at every step with ${optimizer}, which brings it back without masks`, async () => {
      const masked = await trainUnitDead(optimizer, true);
      assert.equal(masked.max, 0);
      assert.ok(masked.everStayedZero);
      const unmasked = await trainUnitDead(optimizer, false);
      assert.ok(unmasked.max > 0, 'the control run revives the unit');
    });
  }

  it('folds a constant unit into the next bias, zeroes it, and leaves the outputs as they were', () => {
    const model = mlp();
    editLayer(model, 'fc1', (kernel, bias) => {
      zeroColumn(kernel, 6, 4);
      bias![4] = 0.7; // fc1 unit 4 outputs the constant relu(0.7)
    });
    const before = model.predict(uniformInputs([5, 28, 28, 1])) as tf.Tensor;
    const fc2Before = layerWeights(model, 'fc2');
    const masks = new UnitMasks();
    assert.equal(masks.update(model), 1);
    assert.deepEqual(masks.toJSON(), { fc1: [4] });
    const fc2 = layerWeights(model, 'fc2');
    for (let v = 0; v < 3; v++) {
      assert.ok(Math.abs(fc2.bias[v] - (fc2Before.bias[v] + Math.fround(0.7) * fc2Before.kernel[4 * 3 + v])) < 1e-6);
      assert.equal(fc2.kernel[4 * 3 + v], 0);
    }
    assert.equal(layerWeights(model, 'fc1').bias[4], 0);
    const copy = mlp();
    copy.setWeights(model.getWeights());
    const x = uniformInputs([5, 28, 28, 1]);
    const after = model.predict(x) as tf.Tensor;
    assert.ok(tf.max(tf.abs(tf.sub(before, after))).dataSync()[0] < 1e-5, 'outputs unchanged by masking');
    assert.equal(maxOutputDiff(model, copy, x), 0);
    assert.equal(masks.update(model), 0, 'nothing new to mask');
    tf.dispose([before, after, x]);
    model.dispose();
    copy.dispose();
  });
});
