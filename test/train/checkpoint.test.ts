import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { readCheckpoint, readCheckpointSettings, writeCheckpoint } from '../../src/train/checkpoint.js';
import type { TrainState } from '../../src/train/train_state.js';
import { createTrainState, train, TrainingDivergedError, type TrainOptions } from '../../src/train/trainer.js';
import { CgesError } from '../../src/util/errors.js';
import { fakeMnist, resumableRun, tinyConvNet } from './fixtures.js';

await tf.setBackend('cpu');

const data = { train: fakeMnist(40, 1), test: fakeMnist(10, 2) };
const tmp = mkdtempSync(join(tmpdir(), 'cges-checkpoint-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

const options = (iterations: number, extra: Partial<TrainOptions> = {}) => resumableRun(data, 1, iterations, extra);

const weightsOf = (o: TrainOptions) => o.model.getWeights().map((t) => [...t.dataSync()]);

test('a run resumed from the checkpoint file ends exactly where the uninterrupted run ends', async () => {
  const straight = options(10);
  await train(straight);

  const dir = join(tmp, 'resume');
  const steps: number[] = [];
  let lastStep = 0;
  const first = options(10, {
    onStep: (step) => {
      lastStep = step;
    },
    checkpointEvery: 3,
    onCheckpoint: async (state: TrainState) => {
      steps.push(state.step);
      writeCheckpoint(dir, await state.snapshot(), { note: 'settings travel along' });
    },
    shouldStop: () => lastStep === 7,
  });
  const stopped = await train(first);
  assert.equal(stopped.stopped, true);
  assert.deepEqual(steps, [3, 6, 7], 'every 3 steps, then once more when stopping');

  const { snapshot, settings } = readCheckpoint(dir);
  assert.deepEqual(settings, { note: 'settings travel along' });
  assert.equal(snapshot.step, 7);
  const resumed = options(10);
  const state = createTrainState(resumed);
  await state.restore(snapshot);
  const result = await train({ ...resumed, state });
  assert.equal(result.stopped, false);
  assert.deepEqual(weightsOf(resumed), weightsOf(straight));
  // The training time goes on from the checkpoint's: the first attempt's 7 steps, then this call's 3.
  const before = snapshot.trainSeconds ?? 0;
  assert.ok(before > 0 && before === stopped.trainSeconds, `checkpointed ${before} s, stopped at ${stopped.trainSeconds} s`);
  const thisCall = (result.steps * resumed.batchSize) / result.samplesPerSecond;
  assert.ok(Math.abs(result.trainSeconds - before - thisCall) < 1e-9, `${result.trainSeconds} = ${before} + ${thisCall}`);
});

async function writtenCheckpoint(name: string): Promise<string> {
  const dir = join(tmp, name);
  const { state } = await train(options(2));
  writeCheckpoint(dir, await state.snapshot(), { run: name });
  return dir;
}

test('a newer checkpoint replaces the older one and leaves one tensors file', async () => {
  const dir = join(tmp, 'replace');
  const { state } = await train(options(2));
  writeCheckpoint(dir, await state.snapshot(), 1);
  state.step = 5;
  writeCheckpoint(dir, await state.snapshot(), 2);
  assert.deepEqual(readdirSync(dir).sort(), ['state.json', 'tensors-5.bin']);
  assert.deepEqual(readCheckpointSettings(dir), { step: 5, settings: 2 });
});

test('a crash after the new tensors file but before state.json leaves the previous checkpoint readable', async () => {
  const dir = await writtenCheckpoint('crash');
  const before = readCheckpoint(dir);
  writeFileSync(join(dir, 'tensors-9.bin'), new Uint8Array(16));
  const after = readCheckpoint(dir);
  assert.equal(after.snapshot.step, before.snapshot.step);
  assert.deepEqual(after.snapshot.weights, before.snapshot.weights);
});

function assertUnreadable(dir: string, pattern: RegExp): void {
  assert.throws(() => readCheckpoint(dir), (error: unknown) => error instanceof CgesError && pattern.test(error.message));
}

test('a damaged or missing checkpoint is refused with the file at fault named', async () => {
  assertUnreadable(join(tmp, 'absent'), /checkpoint .*absent does not exist/);

  const flipped = await writtenCheckpoint('flipped');
  const tensors = join(flipped, 'tensors-2.bin');
  const bytes = readFileSync(tensors);
  bytes[100] ^= 0x40;
  writeFileSync(tensors, bytes);
  assertUnreadable(flipped, /tensors-2\.bin fails its checksum/);

  const truncated = await writtenCheckpoint('truncated');
  writeFileSync(join(truncated, 'tensors-2.bin'), readFileSync(join(truncated, 'tensors-2.bin')).subarray(0, 64));
  assertUnreadable(truncated, /tensors-2\.bin has 64 bytes, expected \d+/);

  const noTensors = await writtenCheckpoint('no-tensors');
  rmSync(join(noTensors, 'tensors-2.bin'));
  assertUnreadable(noTensors, /tensors-2\.bin is missing/);

  const badJson = await writtenCheckpoint('bad-json');
  writeFileSync(join(badJson, 'state.json'), '{"format": "cges-checkpoint", ');
  assertUnreadable(badJson, /state\.json is not valid JSON/);

  const badSeconds = await writtenCheckpoint('bad-seconds');
  const state = JSON.parse(readFileSync(join(badSeconds, 'state.json'), 'utf8'));
  writeFileSync(join(badSeconds, 'state.json'), JSON.stringify({ ...state, trainSeconds: -1 }));
  assertUnreadable(badSeconds, /state\.json has trainSeconds -1, not a number of seconds/);

  const foreign = await writtenCheckpoint('foreign');
  writeFileSync(join(foreign, 'state.json'), '{"modelTopology": {}}');
  assertUnreadable(foreign, /not a cges checkpoint/);
  assert.ok(existsSync(join(foreign, 'tensors-2.bin')), 'reading never deletes anything');
});

test('a loss that turns NaN stops training with the step named, also through the CGES prox', async () => {
  const run = options(50, { schedule: { baseLr: 1e30, stepsize: 100, decayRate: 1 } });
  await assert.rejects(train(run), (error: unknown) =>
    error instanceof TrainingDivergedError && error.step >= 1 &&
    /training diverged at step \d+: the loss is \w+; lower the learning rate or lambda$/.test(error.message));
  // Distilling, the soft targets' weight is one more thing to lower.
  const distilled = options(50, { schedule: { baseLr: 1e30, stepsize: 100, decayRate: 1 }, teacher: { model: tinyConvNet(2) } });
  await assert.rejects(train(distilled), (error: unknown) =>
    error instanceof TrainingDivergedError && /lower the learning rate or lambda, or the distillation weight alpha$/.test(error.message));
});
