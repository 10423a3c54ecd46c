// IDX folders of any shape: round trips (rank 3 and 4, gzipped, prefixed names) and every fault.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset } from '../../src/data/load_dataset.js';
import { probeIdxSet } from '../../src/data/idx_set.js';
import { assertDataError, assertMatchesReference, scratchDirs } from './data_asserts.js';
import { referenceData, writeIdxSet } from './dataset_files.js';
import { idxBytes } from './idx_files.js';

const newDir = scratchDirs();

for (const [shape, options] of [
  [[5, 4, 1], {}], [[3, 2, 3], {}], [[5, 4, 1], { gzip: true }], [[4, 4, 1], { prefix: 'emnist-letters-' }],
] as const) {
  test(`round trip: images ${shape.join('x')} ${JSON.stringify(options)}`, async () => {
    const dir = newDir();
    const data = referenceData([...shape], [7, 4], 5);
    writeIdxSet(dir, data, options);
    const loaded = await loadDataset(dir);
    assert.equal(loaded.format, 'idx');
    assert.deepEqual(loaded.inputShape, [...shape]);
    assert.equal(loaded.numClasses, 5);
    assertMatchesReference(loaded, data);
  });
}

test('EMNIST-style "test" names and rank-2 images as flat features', async () => {
  const dir = newDir();
  writeFileSync(join(dir, 'x-train-images-idx2-ubyte'), idxBytes([3, 2], [1, 2, 3, 4, 5, 6]));
  writeFileSync(join(dir, 'x-train-labels-idx1-ubyte'), idxBytes([3], [0, 1, 1]));
  writeFileSync(join(dir, 'x-test-images-idx2-ubyte'), idxBytes([1, 2], [255, 0]));
  writeFileSync(join(dir, 'x-test-labels-idx1-ubyte'), idxBytes([1], [1]));
  const loaded = await loadDataset(dir);
  assert.deepEqual(loaded.inputShape, [2]);
  assert.deepEqual(loaded.test.images, Float32Array.from([1, 0]));
});

test('a plain file wins over its .gz twin', () => {
  const dir = newDir();
  writeIdxSet(dir, referenceData([2, 2, 1], [2, 2], 2));
  writeIdxSet(dir, referenceData([2, 2, 1], [2, 2], 2), { gzip: true });
  assert.equal(probeIdxSet(dir)?.train.images, join(dir, 'train-images-idx3-ubyte'));
});

test('partial and several sets', async () => {
  const dir = newDir();
  writeIdxSet(dir, referenceData([2, 2, 1], [2, 2], 2));
  unlinkSync(join(dir, 't10k-labels-idx1-ubyte'));
  await assertDataError(() => loadDataset(dir), dir, /missing its test labels/);
  const two = newDir();
  writeIdxSet(two, referenceData([2, 2, 1], [2, 2], 2), { prefix: 'a-' });
  writeIdxSet(two, referenceData([2, 2, 1], [2, 2], 2), { prefix: 'b-' });
  await assertDataError(() => loadDataset(two), two, /several IDX sets \(file prefixes 'a-', 'b-'\)/);
});

test('faults: mismatched counts, truncated, empty, bad gzip, wrong rank, shapes differing, label out of range', async () => {
  const data = referenceData([3, 3, 1], [4, 3], 3);
  const fresh = (): string => {
    const dir = newDir();
    writeIdxSet(dir, data);
    return dir;
  };
  let dir = fresh();
  writeFileSync(join(dir, 'train-labels-idx1-ubyte'), idxBytes([3], [0, 1, 2]));
  await assertDataError(() => loadDataset(dir), 'train-images-idx3-ubyte holds 4 examples but', /train-labels-idx1-ubyte holds 3 labels/);
  dir = fresh();
  writeFileSync(join(dir, 't10k-images-idx3-ubyte'), idxBytes([3, 3, 3], data.test.pixels).subarray(0, 30));
  await assertDataError(() => loadDataset(dir), 't10k-images-idx3-ubyte', /is truncated/);
  dir = fresh();
  writeFileSync(join(dir, 't10k-images-idx3-ubyte'), '');
  await assertDataError(() => loadDataset(dir), 't10k-images-idx3-ubyte', /is empty/);
  dir = fresh();
  unlinkSync(join(dir, 'train-labels-idx1-ubyte'));
  writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), 'not gzip');
  await assertDataError(() => loadDataset(dir), 'train-labels-idx1-ubyte.gz', /is not valid gzip/);
  dir = fresh();
  writeFileSync(join(dir, 'train-labels-idx1-ubyte'), idxBytes([4, 1], [0, 1, 2, 0]));
  await assertDataError(() => loadDataset(dir), 'train-labels-idx1-ubyte', /holds 2 dimensions, labels need 1/);
  dir = fresh();
  writeFileSync(join(dir, 't10k-images-idx3-ubyte'), idxBytes([3, 9], data.test.pixels));
  await assertDataError(() => loadDataset(dir), 't10k-images-idx3-ubyte', /test examples are \[9\] but training examples are \[3, 3, 1\]/);
  dir = fresh();
  await assertDataError(() => loadDataset(dir, { numClasses: 2 }), 'train-labels-idx1-ubyte: label 2', /is 2, out of range for 2 classes/);
});
