import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { BatchSampler, gatherBatch, sequentialBatch, type LabelledImages } from '../../src/train/batches.js';

/** n tiny 2x2x1 images whose pixels encode their index, labels index % 10. */
function fakeImages(n: number): LabelledImages {
  const images = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) images.fill(i, i * 4, i * 4 + 4);
  return { images, labels: Uint8Array.from({ length: n }, (_, i) => i % 10), count: n };
}
const SHAPE: [number, number, number] = [2, 2, 1];

test('the same seed gives identical batches; another seed does not', () => {
  const data = fakeImages(50);
  const a = new BatchSampler(data, 8, 42, { exampleShape: SHAPE });
  const b = new BatchSampler(data, 8, 42, { exampleShape: SHAPE });
  const c = new BatchSampler(data, 8, 43, { exampleShape: SHAPE });
  const first = [a.nextIndices(), a.nextIndices()];
  assert.deepEqual([b.nextIndices(), b.nextIndices()], first);
  assert.notDeepEqual([c.nextIndices(), c.nextIndices()], first);
});

test('each epoch is a permutation, and a batch crossing an epoch end takes the rest then the next epoch', () => {
  const data = fakeImages(10);
  const sampler = new BatchSampler(data, 4, 1, { exampleShape: SHAPE });
  const drawn = Array.from({ length: 5 }, () => [...sampler.nextIndices()]).flat();
  assert.deepEqual(drawn.slice(0, 10).sort((x, y) => x - y), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(drawn.slice(10, 20).sort((x, y) => x - y), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.notDeepEqual(drawn.slice(0, 10), drawn.slice(10, 20));
  assert.equal(sampler.getState().epoch, 1);
});

test('a saved sampler state replays the same batches', () => {
  const data = fakeImages(23);
  const sampler = new BatchSampler(data, 5, 9, { exampleShape: SHAPE });
  for (let k = 0; k < 7; k++) sampler.nextIndices();
  const state = sampler.getState();
  const expected = Array.from({ length: 10 }, () => [...sampler.nextIndices()]);
  const restored = new BatchSampler(data, 5, 1234, { exampleShape: SHAPE });
  restored.setState(state);
  assert.deepEqual(Array.from({ length: 10 }, () => [...restored.nextIndices()]), expected);
});

test('batch tensors hold the chosen examples: images, one-hot and integer labels', () => {
  const data = fakeImages(12);
  const before = tf.memory().numTensors;
  const onehot = gatherBatch(data, [3, 11], { exampleShape: SHAPE });
  assert.deepEqual(onehot.xs.shape, [2, 2, 2, 1]);
  assert.deepEqual([...onehot.xs.dataSync()], [3, 3, 3, 3, 11, 11, 11, 11]);
  const expected = new Array<number>(20).fill(0);
  expected[3] = 1;
  expected[10 + 1] = 1;
  assert.deepEqual([...onehot.labels.dataSync()], expected);
  const ints = sequentialBatch(data, 10, 5, { exampleShape: SHAPE, labels: 'int' });
  assert.equal(ints.labels.dtype, 'int32');
  assert.deepEqual([...ints.labels.dataSync()], [0, 1]);
  tf.dispose([onehot.xs, onehot.labels, ints.xs, ints.labels]);
  assert.equal(tf.memory().numTensors, before);
});

test('bad inputs are rejected with the thing at fault named', () => {
  const data = fakeImages(4);
  assert.throws(() => new BatchSampler(data, 0, 1, { exampleShape: SHAPE }), /batch size/);
  assert.throws(() => new BatchSampler({ ...data, count: 5 }, 2, 1, { exampleShape: SHAPE }), /training set/);
});

test('int32 labels past 256 classes give the same tensors as tf.oneHot; bytes and int32 give equal batches', () => {
  const data = fakeImages(4);
  const wide: LabelledImages = { ...data, labels: Int32Array.from([299, 0, 256, 7]) };
  const batch = gatherBatch(wide, [2, 0], { exampleShape: SHAPE, numClasses: 300 });
  const expected = tf.oneHot(tf.tensor1d([256, 299], 'int32'), 300);
  assert.deepEqual(batch.labels.arraySync(), expected.arraySync());
  const asBytes = gatherBatch(data, [3, 1], { exampleShape: SHAPE, labels: 'int' });
  const asInt32 = gatherBatch({ ...data, labels: Int32Array.from(data.labels) }, [3, 1], { exampleShape: SHAPE, labels: 'int' });
  assert.deepEqual(asInt32.labels.dataSync(), asBytes.labels.dataSync());
  assert.throws(() => gatherBatch({ ...data, labels: Int32Array.from([-1, 0, 0, 0]) }, [0], { exampleShape: SHAPE }),
    /label -1 of example 0 is not below 10 classes/);
  tf.dispose([batch.xs, batch.labels, expected, asBytes.xs, asBytes.labels, asInt32.xs, asInt32.labels]);
});
