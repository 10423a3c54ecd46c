// NumPy x/y pairs: uint8 pixels scaled, floats taken as they are, integer labels of any width; and faults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset } from '../../src/data/load_dataset.js';
import { assertDataError, assertMatchesReference, scratchDirs } from './data_asserts.js';
import { npyBytes, referenceData, writeNpySet } from './dataset_files.js';

const newDir = scratchDirs();

for (const [shape, labelDescr] of [[[4, 3, 1], '<i8'], [[2, 2, 3], '|u1'], [[3, 5, 2], '>i4'], [[2, 2, 1], '<u2']] as const) {
  test(`round trip: uint8 x ${shape.join('x')}, y ${labelDescr}`, async () => {
    const dir = newDir();
    const data = referenceData([...shape], [6, 3], 4);
    writeNpySet(dir, data, labelDescr);
    const loaded = await loadDataset(dir);
    assert.equal(loaded.format, 'npy');
    assert.deepEqual(loaded.inputShape, [...shape]);
    assert.equal(loaded.numClasses, 4);
    assertMatchesReference(loaded, data);
  });
}

test('float32 and float64 inputs are taken as they are (not rescaled); [N, F] is flat features; [N, 1] labels', async () => {
  const dir = newDir();
  const train = [-2.5, 0.1, 300, 1e-7, 0, 1];
  writeFileSync(join(dir, 'x_train.npy'), npyBytes('<f8', [3, 2], train));
  writeFileSync(join(dir, 'y_train.npy'), npyBytes('<i4', [3, 1], [0, 1, 2]));
  writeFileSync(join(dir, 'x_test.npy'), npyBytes('>f4', [1, 2], [0.5, -0.25]));
  writeFileSync(join(dir, 'y_test.npy'), npyBytes('<i4', [1], [1]));
  const loaded = await loadDataset(dir);
  assert.deepEqual(loaded.inputShape, [2]);
  assert.deepEqual(loaded.train.images, Float32Array.from(train));
  assert.deepEqual(loaded.test.images, Float32Array.from([0.5, -0.25]));
  assert.deepEqual([...loaded.train.labels], [0, 1, 2]);
});

test('faults: NaN, float labels, one-hot labels, negative labels, mismatched counts, inputs of one dimension, int16 inputs, missing file', async () => {
  const data = referenceData([2, 2, 1], [3, 2], 2);
  const fresh = (): string => {
    const dir = newDir();
    writeNpySet(dir, data);
    return dir;
  };
  let dir = fresh();
  writeFileSync(join(dir, 'x_test.npy'), npyBytes('<f4', [2, 2, 2], [0, 1, 2, 3, 4, NaN, 6, 7]));
  await assertDataError(() => loadDataset(dir), 'x_test.npy', /example 1 holds NaN at value 1/);
  dir = fresh();
  writeFileSync(join(dir, 'y_train.npy'), npyBytes('<f8', [3], [0, 1, 0]));
  await assertDataError(() => loadDataset(dir), 'y_train.npy', /labels are <f8 floats/);
  dir = fresh();
  writeFileSync(join(dir, 'y_train.npy'), npyBytes('<i8', [3, 2], [1, 0, 0, 1, 1, 0]));
  await assertDataError(() => loadDataset(dir), 'y_train.npy', /one-hot rows: y.argmax\(1\)/);
  dir = fresh();
  writeFileSync(join(dir, 'y_test.npy'), npyBytes('<i2', [2], [0, -3]));
  await assertDataError(() => loadDataset(dir), 'y_test.npy: label 1', /is -3, not a class index/);
  dir = fresh();
  writeFileSync(join(dir, 'y_train.npy'), npyBytes('<i8', [2], [0, 1]));
  await assertDataError(() => loadDataset(dir), 'x_train.npy holds 3 examples but', /y_train.npy holds 2 labels/);
  dir = fresh();
  writeFileSync(join(dir, 'x_train.npy'), npyBytes('<f4', [3], [0, 1, 2]));
  await assertDataError(() => loadDataset(dir), 'x_train.npy', /inputs need \[N, features\]/);
  dir = fresh();
  writeFileSync(join(dir, 'x_train.npy'), npyBytes('<i2', [3, 4], new Array(12).fill(1)));
  await assertDataError(() => loadDataset(dir), 'x_train.npy', /'<i2' is not supported for inputs/);
  dir = fresh();
  unlinkSync(join(dir, 'y_test.npy'));
  await assertDataError(() => loadDataset(dir), dir, /is missing y_test.npy/);
  dir = fresh();
  writeFileSync(join(dir, 'x_test.npy'), '');
  await assertDataError(() => loadDataset(dir), 'x_test.npy', /is empty/);
});
