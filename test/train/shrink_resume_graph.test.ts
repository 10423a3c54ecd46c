// A cost-target run on a model that is not a chain: a residual model with BatchNorm and a depthwise
// convolution, steered by unit groups on the coupling graph's channel sets, shrinks while training (the
// trainer's own shrink, shrinkForTraining on the graph), each shrink equal on the logits, and meets its
// target; checkpointed after its first shrink through the files a run reads back, it resumes bit for bit
// as the run that never stopped: weights, BatchNorm moving statistics, the optimiser's slots and every event.
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
import type { OptimizerName } from '../../src/train/optimizers.js';
import { makeRegularizer } from '../../src/train/regularizers/index.js';
import { snapshotModel } from '../../src/train/train_state.js';
import { createTrainState, train, type ShrinkEvent, type TrainEvent, type TrainOptions, type TrainResult } from '../../src/train/trainer.js';
import { residualNet } from '../structure/fixtures.js';
import { fakeMnist } from './fixtures.js';

const data = { train: fakeMnist(200, 1), test: fakeMnist(40, 2) };
const ITERATIONS = 40;
const TARGET = 0.4;

function run(model: tfl.LayersModel, optimizer: OptimizerName, extra: Partial<TrainOptions> = {}): TrainOptions {
  return {
    model, data, optimizer, iterations: ITERATIONS,
    regularizer: makeRegularizer('cges', { lambda: 1e-4, mu: 0.8, grouping: 'unit', exclusiveForm: 'original' }),
    grouping: 'unit', batchSize: 10, seed: 5, schedule: { baseLr: 0.02, stepsize: 15, decayRate: 0.5 },
    displayEvery: 5, testEvery: 5, structure: { target: { macs: TARGET }, finetune: 10, shrink: shrinkForTraining }, ...extra,
  };
}

async function weightValues(result: TrainResult): Promise<number[][]> {
  return Promise.all(result.state.model.weights.map(async (weight) => Array.from(await weight.read().data())));
}

async function slotValues(result: TrainResult): Promise<number[][]> {
  const weights = await result.state.optimizer.getWeights();
  const values = await Promise.all(weights.map(async ({ tensor }) => Array.from(await tensor.data())));
  tf.dispose(weights.map(({ tensor }) => tensor).filter((tensor) => !(tensor instanceof tf.Variable)));
  return values;
}

for (const optimizer of ['momentum', 'adam'] as const) {
  test(`a cost-target run on a residual BatchNorm model shrinks while training and resumes bit for bit after a shrink (${optimizer})`, async () => {
    const straightEvents: TrainEvent[] = [];
    const starts = [residualNet([28, 28, 1], 4), residualNet([28, 28, 1], 4)];
    const whole = await train(run(starts[0], optimizer, { onEvent: (event) => straightEvents.push(event) }));
    const shrinks = straightEvents.filter((event): event is ShrinkEvent => event.event === 'shrink');
    assert.ok(shrinks.length > 0, 'the run never shrank');
    for (const shrink of shrinks) assert.ok(shrink.maxAbsLogitDiff <= LOGIT_TOLERANCE * shrink.logitScale, JSON.stringify(shrink));
    assert.ok(countMacs(whole.state.model).total <= TARGET * countMacs(starts[0]).total, 'the target is not met');
    const firstShrink = shrinks[0].step;
    assert.ok(firstShrink < ITERATIONS - 5, `first shrink at ${firstShrink}`);
    const stopAt = firstShrink + 2;

    const dir = mkdtempSync(join(tmpdir(), 'cges-graph-shrink-'));
    let step = 0;
    const first = await train(run(starts[1], optimizer, {
      onStep: (s) => { step = s; },
      shouldStop: () => step >= stopAt,
      onCheckpoint: async (state) => writeCheckpoint(dir, await state.snapshot(), null),
    }));
    assert.ok(first.stopped);
    const { snapshot } = readCheckpoint(dir);
    rmSync(dir, { recursive: true });
    assert.ok(snapshot.topology !== undefined, 'the checkpoint holds no topology');

    const model = await snapshotModel(snapshot, () => { throw new Error('a shrunk run rebuilds its model from the topology'); });
    assert.ok(countMacs(model).total < countMacs(starts[0]).total, 'the resumed model is not the shrunk one');
    const resumedEvents: TrainEvent[] = [];
    const resumed = run(model, optimizer, { onEvent: (event) => resumedEvents.push(event) });
    const state = createTrainState(resumed);
    await state.restore(snapshot);
    const rest = await train({ ...resumed, state });

    assert.equal(rest.state.step, ITERATIONS);
    const names = whole.state.model.weights.map((weight) => weight.originalName);
    assert.deepEqual(rest.state.model.weights.map((weight) => weight.originalName), names);
    const [expected, actual] = [await weightValues(whole), await weightValues(rest)];
    names.forEach((name, i) => assert.deepEqual(actual[i], expected[i], name));
    assert.ok(names.some((name) => name.endsWith('moving_variance')), 'no BatchNorm statistics compared');
    assert.deepEqual(await slotValues(rest), await slotValues(whole));
    assert.deepEqual(resumedEvents, straightEvents.filter((event) => event.step > stopAt));
    for (const result of [whole, first, rest]) result.state.optimizer.dispose();
    // The resumed run trained `model` itself; a run leaves the model it was given as it was.
    new Set([...starts, ...[whole, first, rest].map((result) => result.state.model)]).forEach((m) => m.dispose());
  });
}
