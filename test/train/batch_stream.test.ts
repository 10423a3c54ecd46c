// Training from labelled tensors and from a tf.data-style pipeline of batches: bit-identical weights to
// the in-memory arrays for the same batches in the same order, a replayable pipeline resumed exactly, and
// one that cannot be replayed restarting its epoch with a notice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { BatchSampler, type LabelledImages } from '../../src/train/batches.js';
import type { BatchDataset, TensorBatch } from '../../src/train/batch_stream.js';
import { createTrainState, train, type TrainOptions } from '../../src/train/trainer.js';
import { fakeMnist, resumableRun } from './fixtures.js';

await tf.setBackend('cpu');

// 42 examples in batches of 7: every epoch is 6 whole batches, so a pipeline's passes are the sampler's epochs.
const arrays = { train: fakeMnist(42, 1), test: fakeMnist(10, 2) };
const weightsOf = (o: TrainOptions) => o.model.getWeights().map((t) => [...t.dataSync()]);

/** The whole set as tensors: xs [N, 28, 28, 1], ys one-hot [N, 3]. */
function asTensors(data: LabelledImages): TensorBatch {
  return {
    xs: tf.tensor4d(data.images, [data.count, 28, 28, 1]),
    ys: tf.oneHot(tf.tensor1d(data.labels, 'int32'), 3),
  };
}

/**
 * A pipeline whose n-th pass yields the batches of the array sampler's n-th epoch, gathered from the whole
 * tensors with tf.gather (another path than the sampler's copies), and the indices of every batch it yields.
 */
function samplerOrderDataset(data: LabelledImages, seed: number): { dataset: BatchDataset; yielded: number[][] } {
  const whole = asTensors(data);
  const sampler = new BatchSampler(data, 7, seed);
  const epochs: Uint32Array[][] = [];
  const yielded: number[][] = [];
  const epoch = (k: number) => {
    while (epochs.length <= k) epochs.push(Array.from({ length: 6 }, () => sampler.nextIndices()));
    return epochs[k];
  };
  let passes = 0;
  const dataset: BatchDataset = {
    iterator: async () => {
      const batches = epoch(passes++);
      let b = 0;
      return {
        next: async () => {
          if (b === batches.length) return { done: true, value: undefined };
          const indices = batches[b++];
          yielded.push([...indices]);
          const at = tf.tensor1d(Int32Array.from(indices), 'int32');
          const value = { xs: tf.gather(whole.xs, at), ys: tf.gather(whole.ys, at) };
          at.dispose();
          return { done: false, value };
        },
      };
    },
  };
  return { dataset, yielded };
}

test('labelled tensors train to the same weights as the arrays they hold, bit for bit', async () => {
  const fromArrays = resumableRun(arrays, 1, 10);
  await train(fromArrays);
  const fromTensors = resumableRun({ train: asTensors(arrays.train), test: asTensors(arrays.test) }, 1, 10);
  await train(fromTensors);
  assert.deepEqual(weightsOf(fromTensors), weightsOf(fromArrays));
});

test('a pipeline yielding the arrays\' batches in their order trains to the same weights, across epochs, leaking nothing', async () => {
  // Plain SGD: TF.js's momentum optimizer overrides SGD's dispose() and leaves its learning-rate scalar.
  const sgd = { optimizer: 'sgd' } as const;
  const fromArrays = resumableRun(arrays, 1, 15, sgd);
  await train(fromArrays);
  const { dataset } = samplerOrderDataset(arrays.train, 11);
  const streamed = resumableRun({ ...arrays, train: { dataset } }, 1, 15, sgd);
  // Warmed up once, so that lazily built caches are not counted as leaks.
  const warmUp = resumableRun({ ...arrays, train: { dataset: samplerOrderDataset(arrays.train, 11).dataset } }, 2, 1, sgd);
  (await train(warmUp)).state.optimizer.dispose();
  const before = tf.memory().numTensors;
  const result = await train(streamed);
  result.state.optimizer.dispose();
  assert.deepEqual(weightsOf(streamed), weightsOf(fromArrays));
  assert.equal(tf.memory().numTensors, before);
});

test('a replayable pipeline resumes exactly; one that cannot be replayed says so and restarts its epoch', async () => {
  const straight = resumableRun(arrays, 1, 15);
  await train(straight);
  const resumeFrom = async (replayable: boolean) => {
    const first = samplerOrderDataset(arrays.train, 11);
    const { state } = await train(resumableRun({ ...arrays, train: { dataset: first.dataset, replayable } }, 1, 9));
    const snapshot = await state.snapshot();
    const again = samplerOrderDataset(arrays.train, 11);
    const notices: string[] = [];
    const resumed = resumableRun({ ...arrays, train: { dataset: again.dataset, replayable } }, 99, 15, {
      onNotice: (message) => notices.push(message),
    });
    const fresh = createTrainState(resumed);
    await fresh.restore(snapshot);
    await train({ ...resumed, state: fresh });
    return { weights: weightsOf(resumed), notices, yielded: again.yielded, sampler: snapshot.sampler };
  };
  const replayed = await resumeFrom(true);
  assert.deepEqual(replayed.sampler, { epoch: 1, cursor: 3, epochRng: [0, 0, 0, 1] });
  assert.deepEqual(replayed.weights, weightsOf(straight));
  assert.deepEqual(replayed.notices, []);
  const restarted = await resumeFrom(false);
  assert.deepEqual(restarted.notices, ['the training dataset cannot be replayed: epoch 1 restarts from its first batch (3 batches of it are trained on again)']);
  // Its first pass after resuming is the pipeline's first pass, from its first batch.
  assert.deepEqual(restarted.yielded.slice(0, 6), samplerOrderEpoch(arrays.train, 11, 0));
  assert.notDeepEqual(restarted.weights, weightsOf(straight));
});

function samplerOrderEpoch(data: LabelledImages, seed: number, epoch: number): number[][] {
  const sampler = new BatchSampler(data, 7, seed);
  const batches = Array.from({ length: 6 * (epoch + 1) }, () => [...sampler.nextIndices()]);
  return batches.slice(6 * epoch);
}

test('an empty pipeline and batches of the wrong shape are refused, naming what was wrong', async () => {
  const empty: BatchDataset = { iterator: async () => ({ next: async () => ({ done: true, value: undefined }) }) };
  await assert.rejects(train(resumableRun({ ...arrays, train: { dataset: empty } }, 1, 2)), /the training dataset yielded no batches/);
  const wrong: BatchDataset = {
    iterator: async () => ({ next: async () => ({ done: false, value: { xs: tf.zeros([2, 4, 4, 1]), ys: tf.zeros([2]) } }) }),
  };
  await assert.rejects(train(resumableRun({ ...arrays, train: { dataset: wrong } }, 1, 2)),
    /a training batch must be xs \[B, 28,28,1\] with B labels, got xs \[2,4,4,1\] and ys \[2\]/);
});
