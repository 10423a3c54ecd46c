// Resume after a shrink on a model that is not a chain: a residual model with BatchNorm and a depthwise
// convolution, with masks (on the coupling graph's channel sets), shrinks while training (the trainer's
// own shrink, shrinkForTraining on the graph) and, checkpointed after the shrink through the files a run
// reads back, resumes bit for bit as the run that never stopped: weights, BatchNorm moving statistics,
// the optimiser's slots and every event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { shrinkForTraining } from '../../src/compact/shrink_for_training.js';
import { readCheckpoint, writeCheckpoint } from '../../src/train/checkpoint.js';
import type { OptimizerName } from '../../src/train/optimizers.js';
import { makeRegularizer } from '../../src/train/regularizers/index.js';
import { snapshotModel } from '../../src/train/train_state.js';
import { createTrainState, train, type TrainEvent, type TrainOptions, type TrainResult } from '../../src/train/trainer.js';
import { maskResidualNet, residualNet } from '../structure/fixtures.js';
import { fakeMnist } from './fixtures.js';

const data = { train: fakeMnist(120, 1), test: fakeMnist(20, 2) };
const ITERATIONS = 10;

/** residualNet on 28x28x1 with stream channel 1 and a1's channel 2 dead, as masks leave them. */
function maskedNet(): tfl.LayersModel {
  const model = residualNet([28, 28, 1], 4);
  maskResidualNet(model, 1, 2);
  return model;
}

function run(model: tfl.LayersModel, optimizer: OptimizerName, extra: Partial<TrainOptions> = {}): TrainOptions {
  return {
    model, data, optimizer, iterations: ITERATIONS,
    regularizer: makeRegularizer('cges', { lambda: 1e-3, mu: 0.5, grouping: 'input', exclusiveForm: 'original' }),
    grouping: 'input', batchSize: 10, seed: 3, schedule: { baseLr: 0.02, stepsize: 3, decayRate: 0.5 },
    displayEvery: 2, testEvery: 3, structure: { masks: true, finetune: 4, shrink: shrinkForTraining }, ...extra,
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
  test(`a residual BatchNorm model resumed from a checkpoint after a shrink is bit-identical to one that never stopped (${optimizer})`, async () => {
    const straightEvents: TrainEvent[] = [];
    const starts = [maskedNet(), maskedNet()];
    const whole = await train(run(starts[0], optimizer, { onEvent: (event) => straightEvents.push(event) }));
    const firstShrink = whole.control.shrinkSteps?.[0];
    assert.ok(firstShrink !== undefined && firstShrink < ITERATIONS - 3, `first shrink at ${firstShrink}`);
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
    assert.deepEqual(model.getLayer('b1').getWeights()[0].shape, [1, 1, 2, 3], 'the resumed model is not the shrunk one');
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
