// Shrinking while training: a run under a cost target goes on with its compaction, each shrink proven
// equal on the logits, and a run resumed from a checkpoint taken after a shrink is bit-identical to one
// that never stopped (weights, momentum slots and the rest of its log).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { shrinkForTraining } from '../../src/compact/shrink_for_training.js';
import { LOGIT_TOLERANCE } from '../../src/compact/verify.js';
import { countMacs } from '../../src/models/macs.js';
import { readCheckpoint, writeCheckpoint } from '../../src/train/checkpoint.js';
import { makeRegularizer } from '../../src/train/regularizers/index.js';
import { snapshotModel, type TrainStateSnapshot } from '../../src/train/train_state.js';
import { createTrainState, train, type ShrinkEvent, type TrainEvent, type TrainOptions } from '../../src/train/trainer.js';
import { fakeMnist, twoConvNet } from './fixtures.js';

const data = { train: fakeMnist(200, 1), test: fakeMnist(40, 2) };

function shrinkingRun(model: tfl.LayersModel, extra: Partial<TrainOptions> = {}): TrainOptions {
  return {
    model, data,
    regularizer: makeRegularizer('cges', { lambda: 1e-4, mu: 0.8, grouping: 'unit', exclusiveForm: 'original' }),
    grouping: 'unit', iterations: 40, batchSize: 10, seed: 5, optimizer: 'momentum',
    schedule: { baseLr: 0.05, stepsize: 100, decayRate: 1 }, displayEvery: 5, testEvery: 5,
    structure: { target: { macs: 0.3 }, finetune: 10, shrink: shrinkForTraining },
    ...extra,
  };
}

async function values(tensors: tf.Tensor[]): Promise<number[][]> {
  return Promise.all(tensors.map(async (tensor) => Array.from(await tensor.data())));
}

test('a run under a target trains its compaction: smaller at each shrink, logits equal, target met', async () => {
  const events: TrainEvent[] = [];
  const options = shrinkingRun(twoConvNet(1), { onEvent: (event) => events.push(event) });
  const result = await train(options);
  const shrinks = events.filter((event): event is ShrinkEvent => event.event === 'shrink');
  assert.ok(shrinks.length > 0, 'the run never shrank');
  for (const shrink of shrinks) {
    assert.ok(shrink.maxAbsLogitDiff <= LOGIT_TOLERANCE * shrink.logitScale, JSON.stringify(shrink));
  }
  const dense = countMacs(options.model).total;
  assert.deepEqual(result.control.shrinkSteps, shrinks.map((shrink) => shrink.step));
  assert.equal(shrinks[shrinks.length - 1].macs, countMacs(result.state.model).total);
  assert.ok(countMacs(result.state.model).total <= 0.3 * dense);
  assert.ok(result.compacted.macsFraction <= 0.3);
  // Figures stay shares of the model the run started from, not of the smaller training model.
  const lastTest = events.filter((event) => event.event === 'test').at(-1);
  assert.equal(lastTest?.event === 'test' && lastTest.macs.dense, dense);
  // The caller's model is left as it was; the run's own intermediate models are disposed.
  assert.equal(options.model.layers[0].getWeights()[0].shape[3], 8);
  result.state.optimizer.dispose();
  result.state.model.dispose();
  options.model.dispose();
});

test('a run resumed from a checkpoint taken after a shrink is bit-identical to one that never stopped', async () => {
  const straightEvents: TrainEvent[] = [];
  const straight = shrinkingRun(twoConvNet(1), { onEvent: (event) => straightEvents.push(event) });
  const whole = await train(straight);
  const firstShrink = whole.control.shrinkSteps?.[0];
  assert.ok(firstShrink !== undefined && firstShrink < 35, `first shrink at ${firstShrink}`);
  const stopAt = firstShrink + 2;

  // Stopped two steps after the first shrink; the checkpoint goes through the files it would be read from.
  const dir = mkdtempSync(join(tmpdir(), 'cges-shrink-'));
  let step = 0;
  const stopped = shrinkingRun(twoConvNet(1), {
    onStep: (s) => { step = s; },
    shouldStop: () => step >= stopAt,
    onCheckpoint: async (state) => writeCheckpoint(dir, await state.snapshot(), null),
  });
  const first = await train(stopped);
  assert.ok(first.stopped);
  const snapshot: TrainStateSnapshot = readCheckpoint(dir).snapshot;
  rmSync(dir, { recursive: true });
  assert.ok(snapshot.topology !== undefined, 'the checkpoint holds no topology');

  const resumedEvents: TrainEvent[] = [];
  const model = await snapshotModel(snapshot, () => twoConvNet(1));
  assert.ok(countMacs(model).total < countMacs(straight.model).total, 'the resumed model is not the shrunk one');
  const resumed = shrinkingRun(model, { onEvent: (event) => resumedEvents.push(event) });
  const state = createTrainState(resumed);
  await state.restore(snapshot);
  const rest = await train({ ...resumed, state });

  assert.deepEqual(await values(rest.state.model.getWeights()), await values(whole.state.model.getWeights()));
  const slots = async (result: typeof whole) => values((await result.state.optimizer.getWeights()).map(({ tensor }) => tensor));
  assert.deepEqual(await slots(rest), await slots(whole));
  assert.deepEqual(resumedEvents, straightEvents.filter((event) => event.step > stopAt));
  for (const result of [whole, first, rest]) result.state.optimizer.dispose();
  const models = new Set([whole, first, rest].map((result) => result.state.model));
  [straight.model, stopped.model, model].forEach((m) => models.add(m));
  models.forEach((m) => m.dispose());
});
