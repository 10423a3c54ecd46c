import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkLrSchedule, learningRate, ORIGINAL_LR_SCHEDULE } from '../../src/train/lr_schedule.js';
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
