import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../src/backend/select_backend.js';
import { loadMnist } from '../../src/data/mnist.js';
import { buildModel } from '../../src/models/registry.js';
import { makeRegularizer } from '../../src/train/regularizers/index.js';
import { train, type TrainEvent, type TrainOptions } from '../../src/train/trainer.js';
import { fakeMnist, resumableRun, tinyConvNet } from './fixtures.js';

// The fastest backend there is (onednn when built): the MNIST run below is the slowest test here.
await selectBackend(undefined, { notice: () => {} });

const SCHEDULE = { baseLr: 0.1, stepsize: 5000, decayRate: 0.9 };

test('events come every displayEvery / testEvery steps and after the last step; nothing leaks', async () => {
  const events: TrainEvent[] = [];
  const steps: number[] = [];
  const options: TrainOptions = {
    model: tinyConvNet(1), data: { train: fakeMnist(30, 1), test: fakeMnist(9, 2) },
    regularizer: makeRegularizer('cges', { lambda: 1e-3, mu: 0.8, grouping: 'input', exclusiveForm: 'original' }),
    grouping: 'input', iterations: 7, batchSize: 4, schedule: { baseLr: 0.05, stepsize: 3, decayRate: 0.5 }, seed: 1,
    displayEvery: 2, testEvery: 3, onEvent: (event) => events.push(event), onStep: (step) => steps.push(step),
  };
  // Warm up once so that lazily built kernels and caches are not counted as leaks.
  (await train({ ...options, iterations: 1 })).state.optimizer.dispose();
  const before = tf.memory().numTensors;
  events.length = 0;
  steps.length = 0;
  const result = await train(options);
  // The returned state owns its optimiser (kept for resuming); everything else was freed.
  result.state.optimizer.dispose();
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(steps, [1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(events.map((e) => `${e.event}@${e.step}`),
    ['display@2', 'test@3', 'display@4', 'display@6', 'test@6', 'display@7', 'test@7']);
  // Display events carry the lr their step used: 0.05 * 0.5^floor((step - 1) / 3).
  assert.deepEqual(events.flatMap((e) => (e.event === 'display' ? [e.lr] : [])), [0.05, 0.025, 0.025, 0.0125]);
  // A display event carries the cost figures of its step: the same as the test event's at step 6.
  const at6 = events.filter((e) => e.step === 6);
  assert.ok(at6[0].event === 'display' && at6[1].event === 'test');
  assert.deepEqual([at6[0].compacted, at6[0].macs], [at6[1].compacted, at6[1].macs]);
  for (const e of events) {
    if (e.event !== 'display') continue;
    assert.ok(e.compacted.macsFraction > 0 && e.compacted.macsFraction <= 1, JSON.stringify(e.compacted));
    assert.equal(e.macs.fraction, e.macs.nonzero / e.macs.dense);
  }
  assert.equal(result.steps, 7);
  assert.ok(result.samplesPerSecond > 0 && Number.isFinite(result.samplesPerSecond));
  const last = events[events.length - 1];
  assert.ok(last.event === 'test' && last.testAccuracy === result.testAccuracy);
});

test('a short CGES run on MNIST is much sparser than L2 at comparable accuracy', async () => {
  const data = loadMnist({ trainSize: 3000, testSize: 1000 });
  const run = async (reg: 'cges' | 'l2') => train({
    model: buildModel('lenet-300-100', { seed: 1 }), data,
    regularizer: makeRegularizer(reg, { lambda: 1e-3, mu: 0.8, grouping: 'input', exclusiveForm: 'original' }),
    grouping: 'input', iterations: 200, batchSize: 50, schedule: SCHEDULE, seed: 1, displayEvery: 1000, testEvery: 1000,
  });
  const cges = await run('cges');
  const l2 = await run('l2');
  const zeros = (r: typeof cges) => 1 - r.report.usingParam;
  // L2 shrinks weights but never to exactly 0; the CGES prox zeroes a fifth or more of them this early.
  assert.ok(zeros(l2) < 0.001, `l2 zeros ${zeros(l2)}`);
  assert.ok(zeros(cges) > 0.2, `cges zeros ${zeros(cges)}`);
  // Without validation examples every evaluation reads the test set.
  const accuracy = (r: typeof cges) => r.testAccuracy ?? assert.fail('no test accuracy');
  assert.ok(accuracy(l2) > 0.8, `l2 accuracy ${l2.testAccuracy}`);
  assert.ok(accuracy(cges) > accuracy(l2) - 0.04, `cges ${cges.testAccuracy} vs l2 ${l2.testAccuracy}`);
});

test('a frozen layer keeps its weights bit for bit under CGES, while the others train and thin out', async () => {
  const model = tinyConvNet(3);
  model.layers[0].trainable = false;
  const weightsOf = (layer: number) => model.layers[layer].getWeights().map((w) => [...w.dataSync()]);
  const [frozenBefore, fcBefore] = [weightsOf(0), weightsOf(2)];
  const result = await train({
    model, data: { train: fakeMnist(40, 3), test: fakeMnist(8, 4) },
    regularizer: makeRegularizer('cges', { lambda: 0.05, mu: 0.8, grouping: 'input', exclusiveForm: 'original' }),
    grouping: 'input', iterations: 6, batchSize: 8, schedule: SCHEDULE, seed: 2, displayEvery: 100, testEvery: 100,
  });
  result.state.optimizer.dispose();
  assert.deepEqual(weightsOf(0), frozenBefore, 'the frozen conv\'s kernel and bias');
  const fc = weightsOf(2);
  assert.notDeepEqual(fc[0], fcBefore[0], 'fc kernel trains');
  assert.ok(fc[0].filter((v) => v === 0).length > fcBefore[0].filter((v) => v === 0).length, 'and the prox zeroes some of it');
  assert.deepEqual(result.report.layers.map((layer) => layer.name), [model.layers[2].name, model.layers[4].name]);
});

test('pauseAt stops after that step with a test event there; continued, the run ends as one that never paused', async () => {
  const data = { train: fakeMnist(40, 1), val: fakeMnist(12, 3), test: fakeMnist(9, 2) };
  const run = (extra: Partial<TrainOptions>) => resumableRun(data, 1, 10, extra);
  const straight = await train(run({}));
  const events: TrainEvent[] = [];
  const first = await train(run({ pauseAt: 4, onEvent: (event) => events.push(event) }));
  assert.equal(first.paused, true);
  assert.equal(first.state.step, 4);
  // Only the validation set is read at a pause: the test set waits for the last step.
  const pause = events.at(-1);
  assert.ok(pause?.event === 'test' && pause.step === 4 && pause.testAccuracy === null && pause.valAccuracy === first.valAccuracy);
  // A state already at its pause step pauses at once, measured where it is.
  const again = await train({ ...run({ pauseAt: 4 }), model: first.state.model, state: first.state });
  assert.deepEqual([again.paused, again.steps, again.valAccuracy], [true, 0, first.valAccuracy]);
  const rest = await train({ ...run({}), model: first.state.model, state: first.state });
  assert.deepEqual([rest.paused, rest.stopped, rest.steps], [false, false, 6]);
  const weights = (result: typeof straight) => result.state.model.getWeights().map((w) => Array.from(w.dataSync()));
  assert.deepEqual(weights(rest), weights(straight));
  assert.equal(rest.testAccuracy, straight.testAccuracy);
  for (const result of [straight, rest]) result.state.optimizer.dispose();
  await assert.rejects(train(run({ pauseAt: 10 })), /^CgesError: pause-at must be below the iterations \(10\), got 10$/);
});
