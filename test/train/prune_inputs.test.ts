// Input features as units under a cost target: the input rows of the first Dense layer are a family the
// prox presses and the masks keep at zero, the controller counts what dropping them saves, and the
// compacted model (taking the kept features alone) costs exactly what the controller measured.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tfl from '@tensorflow/tfjs-layers';
import { compactModel } from '../../src/compact/compact_model.js';
import { countMacs, countParams } from '../../src/models/macs.js';
import { compactedCost } from '../../src/structure/compacted_cost.js';
import { unitFamilies } from '../../src/structure/unit_families.js';
import { train } from '../../src/train/trainer.js';
import { unitGroupRun } from './fixtures.js';

/** flatten 28x28 -> fc1 16 relu -> fc2 3. */
function mlp(seed: number): tfl.LayersModel {
  const init = (k: number) => tfl.initializers.glorotUniform({ seed: seed * 10 + k });
  return tfl.sequential({ layers: [
    tfl.layers.flatten({ name: 'flatten', inputShape: [28, 28, 1] }),
    tfl.layers.dense({ name: 'fc1', units: 16, activation: 'relu', kernelInitializer: init(0) }),
    tfl.layers.dense({ name: 'fc2', units: 3, kernelInitializer: init(1) }),
  ] });
}

test('the input features are a family only with pruneInputs, and only on a chain whose first stage is a Dense', () => {
  const model = mlp(1);
  assert.deepEqual(unitFamilies(model).map((f) => f.key), ['fc1']);
  const families = unitFamilies(model, { pruneInputs: true });
  assert.deepEqual(families.map((f) => [f.key, f.units, f.groupSize]), [['fc1', 16, 784 + 3], ['input', 784, 16]]);
  model.dispose();
});

test('a params target with pruneInputs drops input features, and the controller\'s cost is the compacted model\'s', async () => {
  const target = { params: 0.25 };
  const { state, control } = await train(unitGroupRun(mlp(1), {
    iterations: 60, testEvery: 20, structure: { target, finetune: 15, pruneInputs: true },
  }));
  const { model } = state;
  assert.ok(control.reachedAtStep !== null, 'the target was reached');
  assert.ok((control.masks.input ?? []).length > 0, 'input features are masked');
  const cost = compactedCost(model, { pruneInputs: true });
  assert.ok(cost.paramsFraction <= target.params, `compacted params ${cost.paramsFraction}`);
  const compaction = await compactModel(model, { pruneInputs: true });
  assert.equal(compaction.inputFeatures?.length, 784 - (control.masks.input ?? []).length);
  assert.equal(countParams(compaction.model).total, cost.params);
  assert.equal(countMacs(compaction.model).total, cost.macs);
  compaction.model.dispose();
  model.dispose();
});
