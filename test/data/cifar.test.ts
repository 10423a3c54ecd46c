// CIFAR-10 and CIFAR-100 binaries: CHW records read back as the HWC reference, and every fault.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset } from '../../src/data/load_dataset.js';
import { assertDataError, assertMatchesReference, scratchDirs } from './data_asserts.js';
import { cifarBytes, referenceData, unitValues, writeCifar10, writeCifar100 } from './dataset_files.js';

const newDir = scratchDirs();

test('CIFAR-10 round trip over several training batches, CHW to HWC', async () => {
  const dir = newDir();
  const data = referenceData([32, 32, 3], [7, 3], 10);
  writeCifar10(dir, data, 3);
  const loaded = await loadDataset(dir);
  assert.equal(loaded.format, 'cifar10');
  assert.deepEqual(loaded.inputShape, [32, 32, 3]);
  assert.equal(loaded.numClasses, 10);
  assert.match(loaded.description, /3 training batches/);
  assertMatchesReference(loaded, data);
});

test('a hand-built record: pixel (y=0, x=1) of channel 2 lands at HWC index 1 * 3 + 2', async () => {
  const dir = newDir();
  const record = new Uint8Array(1 + 3072);
  record[0] = 4;
  record[1 + 2 * 1024 + 1] = 255;
  writeFileSync(join(dir, 'data_batch_1.bin'), record);
  writeFileSync(join(dir, 'test_batch.bin'), record);
  const loaded = await loadDataset(dir);
  assert.equal(loaded.train.images[5], 1);
  assert.equal(loaded.train.images.reduce((a, b) => a + b, 0), 1);
  assert.deepEqual([...loaded.train.labels], [4]);
});

test('CIFAR-100: fine labels by default, coarse on request', async () => {
  const dir = newDir();
  const data = referenceData([32, 32, 3], [5, 2], 100);
  data.train.labels = [99, 0, 57, 20, 41];
  writeCifar100(dir, data);
  const fine = await loadDataset(dir);
  assert.equal(fine.format, 'cifar100');
  assert.equal(fine.numClasses, 100);
  assert.deepEqual([...fine.train.labels], data.train.labels);
  assert.deepEqual(fine.train.images, unitValues(data.train.pixels));
  const coarse = await loadDataset(dir, { cifarLabels: 'coarse' });
  assert.equal(coarse.numClasses, 20);
  assert.deepEqual([...coarse.train.labels], data.train.labels.map((label) => label % 20));
});

test('faults: label out of range, partial record, empty file, partial sets', async () => {
  const data = referenceData([32, 32, 3], [4, 2], 10);
  let dir = newDir();
  writeCifar10(dir, data, 2);
  writeFileSync(join(dir, 'data_batch_2.bin'), cifarBytes({ pixels: data.train.pixels.subarray(0, 2 * 3072), labels: [1, 10] }, (i) => [[1, 10][i]]));
  await assertDataError(() => loadDataset(dir), 'data_batch_2.bin: label 1', /is 10, out of range for 10 classes/);
  dir = newDir();
  writeCifar10(dir, data, 2);
  writeFileSync(join(dir, 'test_batch.bin'), cifarBytes(data.test, (i) => [data.test.labels[i]]).subarray(0, 5000));
  await assertDataError(() => loadDataset(dir), 'test_batch.bin', /is 5000 bytes, not a whole number of 3073-byte records/);
  writeFileSync(join(dir, 'test_batch.bin'), '');
  await assertDataError(() => loadDataset(dir), 'test_batch.bin', /is empty/);
  unlinkSync(join(dir, 'test_batch.bin'));
  await assertDataError(() => loadDataset(dir), dir, /data_batch_1.bin, data_batch_2.bin but no test_batch.bin/);
  dir = newDir();
  writeCifar100(dir, referenceData([32, 32, 3], [2, 2], 100));
  unlinkSync(join(dir, 'test.bin'));
  await assertDataError(() => loadDataset(dir), dir, /train.bin but no test.bin/);
  dir = newDir();
  const bad = referenceData([32, 32, 3], [2, 2], 100);
  writeCifar100(dir, bad);
  writeFileSync(join(dir, 'test.bin'), cifarBytes(bad.test, () => [25, 1]));
  await assertDataError(() => loadDataset(dir, { cifarLabels: 'coarse' }), 'test.bin: label 0', /is 25, out of range for 20 classes/);
});
