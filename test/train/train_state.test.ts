import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { createTrainState, train, type TrainOptions } from '../../src/train/trainer.js';
import { fakeMnist, resumableRun } from './fixtures.js';

await tf.setBackend('cpu');

const data = { train: fakeMnist(40, 1), test: fakeMnist(10, 2) };

const options = (modelSeed: number, iterations: number) => resumableRun(data, modelSeed, iterations);

const weightsOf = (o: TrainOptions) => o.model.getWeights().map((t) => [...t.dataSync()]);

test('a snapshot restored into a fresh state resumes the run exactly', async () => {
  const straight = options(1, 12);
  await train(straight);

  const first = options(1, 6);
  const { state } = await train(first);
  const snapshot = await state.snapshot();

  // Another initialisation, to be overwritten by the snapshot.
  const resumed = options(99, 12);
  const fresh = createTrainState(resumed);
  await fresh.restore(snapshot);
  assert.equal(fresh.step, 6);
  await train({ ...resumed, state: fresh });

  assert.deepEqual(weightsOf(resumed), weightsOf(straight));
});

test('the same seed gives the same run', async () => {
  const a = options(3, 5);
  const b = options(3, 5);
  const resultA = await train(a);
  const resultB = await train(b);
  assert.deepEqual(weightsOf(a), weightsOf(b));
  assert.equal(resultA.testAccuracy, resultB.testAccuracy);
});

test('restoring into a state that already trained is refused', async () => {
  const { state } = await train(options(1, 2));
  const snapshot = await state.snapshot();
  await assert.rejects(() => state.restore(snapshot), /has not trained/);
});
