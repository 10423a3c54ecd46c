// A run under a cost target ends at or under it on a small budget, with its last steps fine-tuning and
// its reported compacted cost equal to what compactModel then builds; without a target, the structure
// control changes nothing (the same weights as a run that never had it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as tfl from '@tensorflow/tfjs-layers';
import { compactModel } from '../../src/compact/compact_model.js';
import { countMacs, countParams } from '../../src/models/macs.js';
import { makeRegularizer } from '../../src/train/regularizers/index.js';
import { train, type TrainEvent, type TrainOptions } from '../../src/train/trainer.js';
import { fakeMnist, twoConvNet } from './fixtures.js';

function options(extra: Partial<TrainOptions>): TrainOptions {
  return {
    model: twoConvNet(1), data: { train: fakeMnist(200, 1), test: fakeMnist(40, 2) },
    regularizer: makeRegularizer('cges', { lambda: 1e-4, mu: 0.8, grouping: 'unit', exclusiveForm: 'original' }),
    grouping: 'unit', iterations: 40, batchSize: 10, seed: 5, schedule: { baseLr: 0.05, stepsize: 100, decayRate: 1 },
    displayEvery: 10, testEvery: 10, ...extra,
  };
}

test('a cost target is met by the end of a short run, then fine-tuned, and compaction agrees', async () => {
  const events: TrainEvent[] = [];
  const target = { macs: 0.3, params: 0.4 };
  const opts = options({ structure: { target, finetune: 10 }, onEvent: (e) => events.push(e) });
  const result = await train(opts);
  const { control, compacted } = result;
  assert.ok(compacted.macsFraction <= 0.3 && compacted.paramsFraction <= 0.4, JSON.stringify(compacted));
  assert.ok(control.reachedAtStep !== null && control.reachedAtStep <= 30, `reached at ${control.reachedAtStep}`);
  assert.equal(control.phase, 'finetune');
  assert.equal(control.finetuneStartStep, control.reachedAtStep);
  assert.ok(control.testAccuracyBeforeFinetune !== null);
  const phases = events.filter((e) => e.event === 'test').map((e) => e.phase);
  assert.equal(phases[phases.length - 1], 'finetune');
  const { model: compactedModel } = await compactModel(opts.model);
  assert.equal(countMacs(compactedModel).total, compacted.macs);
  assert.equal(countParams(compactedModel).total, compacted.params);
  assert.ok(countMacs(compactedModel).total <= 0.3 * countMacs(opts.model).total);
  result.state.optimizer.dispose();
  compactedModel.dispose();
  opts.model.dispose();
});

test('without a target or masks, the structure control leaves training exactly as it was', async () => {
  const plain = options({ regularizer: makeRegularizer('cges', { lambda: 1e-3, mu: 0.8, grouping: 'input', exclusiveForm: 'original' }),
    grouping: 'input' });
  const withControl = { ...plain, model: twoConvNet(1), structure: { masks: false, finetune: 0 } };
  const a = await train(plain);
  const b = await train(withControl);
  const weights = (model: tfl.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));
  assert.deepEqual(weights(withControl.model), weights(plain.model));
  assert.equal(a.control.phase, 'sparsify');
  a.state.optimizer.dispose();
  b.state.optimizer.dispose();
  plain.model.dispose();
  withControl.model.dispose();
});
