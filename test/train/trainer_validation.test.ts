// A run with validation examples evaluates on them at every test event and reads the test set only at
// its last step: the test images are instrumented to record the step of every read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRegularizer } from '../../src/train/regularizers/index.js';
import type { LabelledImages } from '../../src/train/batches.js';
import { train, type TestEvent, type TrainOptions } from '../../src/train/trainer.js';
import { fakeMnist, tinyConvNet } from './fixtures.js';

/** Images that log the current step whenever an example is read out of them. */
class WatchedImages extends Float32Array {
  static reads: number[] = [];
  static step = 0;
  override subarray(begin?: number, end?: number) {
    WatchedImages.reads.push(WatchedImages.step);
    return new Float32Array(this.buffer, this.byteOffset, this.length).subarray(begin, end);
  }
}

function watched(data: LabelledImages): LabelledImages {
  return { ...data, images: new WatchedImages(data.images) };
}

function options(val: LabelledImages | null): TrainOptions {
  return {
    model: tinyConvNet(1), data: { train: fakeMnist(40, 1), val, test: watched(fakeMnist(9, 2)) },
    regularizer: makeRegularizer('cges', { lambda: 1e-3, mu: 0.8, grouping: 'input', exclusiveForm: 'original' }),
    grouping: 'input', iterations: 7, batchSize: 4, schedule: { baseLr: 0.05, stepsize: 3, decayRate: 0.5 }, seed: 1,
    displayEvery: 100, testEvery: 2, structure: { finetune: 3 },
    onStep: (step) => { WatchedImages.step = step; },
  };
}

async function run(val: LabelledImages | null): Promise<{ events: TestEvent[]; reads: number[]; accuracy: number | null }> {
  WatchedImages.reads = [];
  WatchedImages.step = 0;
  const events: TestEvent[] = [];
  const result = await train({ ...options(val), onEvent: (event) => { if (event.event === 'test') events.push(event); } });
  result.state.optimizer.dispose();
  return { events, reads: [...new Set(WatchedImages.reads)], accuracy: result.testAccuracy };
}

test('with validation examples the test set is read only at the last step', async () => {
  const { events, reads, accuracy } = await run(fakeMnist(12, 3));
  assert.deepEqual(reads, [7]);
  assert.deepEqual(events.map((e) => [e.step, e.testAccuracy === null, e.valAccuracy === null]),
    [[2, true, false], [4, true, false], [6, true, false], [7, false, false]]);
  assert.equal(accuracy, events[3].testAccuracy);
});

test('without validation examples every evaluation and the start of fine-tuning read the test set', async () => {
  const { events, reads } = await run(null);
  // Fine-tuning starts after step 4 (7 - 3): its accuracy is read before onStep(4), so it logs as 3.
  assert.deepEqual(reads, [2, 3, 4, 6, 7]);
  assert.ok(events.every((e) => e.testAccuracy !== null && e.valAccuracy === null));
});
