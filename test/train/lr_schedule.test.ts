import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { checkLrSchedule, learningRate, ORIGINAL_LR_SCHEDULE, phaseLearningRate } from '../../src/train/lr_schedule.js';
import { train, type DisplayEvent } from '../../src/train/trainer.js';
import { fakeMnist, resumableRun } from './fixtures.js';
import { CgesError } from '../../src/util/errors.js';

test('the seed schedule is 0.05 * 0.9^floor(step / 5000), a staircase', () => {
  const expected: [number, number][] = [
    [0, 0.05], [1, 0.05], [4999, 0.05], [5000, 0.045], [9999, 0.045], [10000, 0.0405], [29999, 0.05 * 0.9 ** 5],
  ];
  for (const [step, lr] of expected) {
    assert.ok(Math.abs(learningRate(ORIGINAL_LR_SCHEDULE, step) - lr) < 1e-15, `step ${step}`);
  }
});

test('a configured schedule decays at its own stepsize and rate', () => {
  const schedule = { baseLr: 0.1, stepsize: 3, decayRate: 0.5 };
  assert.deepEqual([0, 2, 3, 5, 6, 9].map((step) => learningRate(schedule, step)), [0.1, 0.1, 0.05, 0.05, 0.025, 0.0125]);
});

test('bad schedules are CgesErrors naming the value', () => {
  assert.throws(
    () => checkLrSchedule({ baseLr: 0, stepsize: 1, decayRate: 1 }),
    (e: unknown) => e instanceof CgesError && /base learning rate/.test(e.message),
  );
  assert.throws(() => checkLrSchedule({ baseLr: 1, stepsize: 1.5, decayRate: 1 }), /stepsize/);
  assert.throws(() => checkLrSchedule({ baseLr: 1, stepsize: 1, decayRate: Number.NaN }), /decay rate/);
});

test('rewinding restarts the schedule at the step fine-tuning starts; continuing leaves it as it was', () => {
  const schedule = { baseLr: 0.1, stepsize: 3, decayRate: 0.5 };
  const steps = [0, 3, 6, 7, 8, 9, 10, 12];
  // Fine-tuning from step 7: rewound, step 7 is the schedule's step 0, step 10 its step 3, step 13 its step 6.
  assert.deepEqual(steps.map((step) => phaseLearningRate(schedule, step, 7, 'rewind')),
    [0.1, 0.05, 0.025, 0.1, 0.1, 0.1, 0.05, 0.05]);
  assert.deepEqual(steps.map((step) => phaseLearningRate(schedule, step, 7, 'continue')),
    [0.1, 0.05, 0.025, 0.025, 0.025, 0.0125, 0.0125, 0.00625]);
  assert.deepEqual(steps.map((step) => phaseLearningRate(schedule, step, null, 'rewind')),
    steps.map((step) => learningRate(schedule, step)));
});

test('a run with finetuneLr rewind trains its fine-tuning steps at the rewound rates', async () => {
  await tf.setBackend('cpu');
  const data = { train: fakeMnist(40, 1), test: fakeMnist(10, 2) };
  const rates = async (finetuneLr: 'continue' | 'rewind') => {
    const lrs: number[] = [];
    // Schedule 0.05 * 0.5^floor(step / 4); the last 6 of 14 steps fine-tune, from step 8.
    await train(resumableRun(data, 1, 14, {
      structure: { finetune: 6 }, finetuneLr, displayEvery: 1,
      onEvent: (event) => { if (event.event === 'display') lrs.push((event as DisplayEvent).lr); },
    }));
    return lrs;
  };
  const sparsify = [0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.025];
  assert.deepEqual(await rates('rewind'), [...sparsify, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025]);
  assert.deepEqual(await rates('continue'), [...sparsify, 0.0125, 0.0125, 0.0125, 0.0125, 0.00625, 0.00625]);
});
