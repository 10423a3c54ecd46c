// The checks every reader shares: counts, finite values, label ranges and the class count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { finishDataset, type RawDataset, type RawSplit } from '../../src/data/dataset.js';
import { assertDataError } from './data_asserts.js';

function split(images: number[], labels: number[], file = 'x'): RawSplit {
  return { images: Float32Array.from(images), labels, imagesFile: `${file}.images`, labelFiles: [{ path: `${file}.labels`, count: labels.length }] };
}

function raw(train: RawSplit, test: RawSplit, numClasses?: number): RawDataset {
  return { format: 'npy', description: 'd', train, test, inputShape: [2], numClasses };
}

test('class count: the option, else the format\'s, else the largest label + 1; labels as bytes when they fit', () => {
  const data = finishDataset(raw(split([1, 2, 3, 4], [0, 2]), split([5, 6], [1])), {});
  assert.equal(data.numClasses, 3);
  assert.deepEqual(data.train.labels, Uint8Array.from([0, 2]));
  assert.equal(data.train.count, 2);
  assert.equal(data.test.count, 1);
  assert.equal(finishDataset(raw(split([1, 2], [0]), split([5, 6], [1]), 10), {}).numClasses, 10);
  const wide = finishDataset(raw(split([1, 2], [0]), split([5, 6], [1])), { numClasses: 300 });
  assert.equal(wide.numClasses, 300);
  assert.ok(wide.train.labels instanceof Int32Array);
});

test('count mismatch names both files', async () => {
  await assertDataError(() => finishDataset(raw(split([1, 2, 3, 4], [0]), split([5, 6], [1])), {}), 'x.images', /holds 2 examples but x.labels holds 1 labels/);
});

test('no examples, NaN and infinities are refused with the example index', async () => {
  await assertDataError(() => finishDataset(raw(split([], []), split([5, 6], [1])), {}), 'x.images', /holds no examples/);
  await assertDataError(() => finishDataset(raw(split([1, 2, 3, NaN], [0, 1]), split([5, 6], [1])), {}), 'x.images', /example 1 holds NaN at value 1/);
  await assertDataError(() => finishDataset(raw(split([1, 2], [0]), split([Infinity, 6], [1], 't')), {}), 't.images', /example 0 holds Infinity/);
});

test('labels: negative, fractional, at or above the class count, or more classes than examples', async () => {
  await assertDataError(() => finishDataset(raw(split([1, 2], [-1]), split([5, 6], [1])), {}), 'x.labels', /label 0 is -1, not a class index/);
  await assertDataError(() => finishDataset(raw(split([1, 2], [0.5]), split([5, 6], [1])), {}), 'x.labels', /label 0 is 0.5/);
  await assertDataError(() => finishDataset(raw(split([1, 2, 3, 4], [0, 10]), split([5, 6], [1]), 10), {}), 'x.labels', /label 1 is 10, out of range for 10 classes/);
  await assertDataError(() => finishDataset(raw(split([1, 2], [0]), split([5, 6], [7], 't')), {}), 't.labels', /label 0 is 7: 8 classes for 2 examples/);
  await assertDataError(() => finishDataset(raw(split([1, 2], [0]), split([5, 6], [1])), { numClasses: 1.5 }), 'numClasses', /at least 2/);
  await assertDataError(() => finishDataset(raw(split([1, 2], [0]), split([5, 6], [0])), {}), 'x.labels', /every label is 0; a classifier needs at least 2 classes/);
});

test('a label file list names the file and the index within it', async () => {
  const train: RawSplit = { images: Float32Array.from([1, 2, 3, 4, 5, 6]), labels: [0, 1, 9], imagesFile: 'batches', labelFiles: [{ path: 'b1', count: 2 }, { path: 'b2', count: 1 }] };
  await assertDataError(() => finishDataset(raw(train, split([5, 6], [1]), 5), {}), 'b2', /b2: label 0 is 9/);
});
