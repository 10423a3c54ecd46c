// loadDataset end to end on the real MNIST files: the IDX reader gives loadMnist's arrays.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadDataset } from '../../src/data/load_dataset.js';
import { defaultMnistDir, loadMnist } from '../../src/data/mnist.js';

test('real MNIST through loadDataset: 60k/10k, [28, 28, 1], 10 classes, the same values as loadMnist', async () => {
  const data = await loadDataset(defaultMnistDir());
  assert.equal(data.format, 'idx');
  assert.deepEqual(data.inputShape, [28, 28, 1]);
  assert.equal(data.numClasses, 10);
  assert.deepEqual([data.train.count, data.test.count], [60000, 10000]);
  const mnist = loadMnist({ trainSize: 60000 });
  assert.deepEqual(data.train.images, mnist.train.images);
  assert.deepEqual(data.train.labels, mnist.train.labels);
  assert.deepEqual(data.test.images, mnist.test.images);
  assert.deepEqual(data.test.labels, mnist.test.labels);
});
