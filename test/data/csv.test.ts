// CSV tables: round trips (train.csv + test.csv, or one file with a held-out split) and every fault,
// each naming the line.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset } from '../../src/data/load_dataset.js';
import { assertDataError } from './data_asserts.js';
import { csvText, referenceData, writeCsvSet } from './dataset_files.js';
import { tempDir } from './idx_files.js';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true }));

function csvFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test('round trip through train.csv and test.csv: features as they are, labels', async () => {
  const data = referenceData([2, 3, 1], [7, 3], 3);
  const folder = join(dir, 'set');
  mkdirSync(folder);
  writeCsvSet(folder, data);
  const loaded = await loadDataset(folder);
  assert.equal(loaded.format, 'csv');
  assert.deepEqual(loaded.inputShape, [6]);
  assert.equal(loaded.numClasses, 3);
  assert.deepEqual(loaded.train.images, Float32Array.from(data.train.pixels));
  assert.deepEqual([...loaded.train.labels], data.train.labels);
  assert.deepEqual(loaded.test.images, Float32Array.from(data.test.pixels));
  assert.deepEqual([...loaded.test.labels], data.test.labels);
});

test('one file: the label column by name or last, decimals and exponents, CRLF, a held-out split that partitions the rows', async () => {
  const path = csvFile('one.csv', '"cls",a,b\r\n1,0.5,-2e3\r\n0,.25,+7\r\n1,1,1\r\n0,2,2\r\n1,3,3\r\n0,4,4\r\n\r\n');
  const loaded = await loadDataset(path, { labelColumn: 'cls', testFraction: 0.34 });
  assert.deepEqual(loaded.inputShape, [2]);
  assert.equal(loaded.train.count + loaded.test.count, 6);
  assert.equal(loaded.test.count, 2);
  // Every row lands in exactly one split, with its own label.
  const rows = new Map([['0.5,-2000', 1], ['0.25,7', 0], ['1,1', 1], ['2,2', 0], ['3,3', 1], ['4,4', 0]]);
  for (const split of [loaded.train, loaded.test]) {
    for (let i = 0; i < split.count; i++) {
      const key = [...split.images.subarray(2 * i, 2 * i + 2)].join(',');
      assert.equal(rows.get(key), split.labels[i], key);
      rows.delete(key);
    }
  }
  assert.equal(rows.size, 0);
  // One of each class is held out (stratified), and the same seed gives the same split.
  assert.deepEqual([...loaded.test.labels].sort(), [0, 1]);
  assert.deepEqual((await loadDataset(path, { labelColumn: 'cls', testFraction: 0.34 })).test.images, loaded.test.images);
  const last = await loadDataset(csvFile('last.csv', 'a,b,y\n1,2,0\n3,4,1\n5,6,0\n7,8,1\n'), { testFraction: 0.5 });
  assert.equal(last.train.count, 2);
  assert.deepEqual([...last.train.images].map((v) => v % 2), [1, 0, 1, 0]);
});

test('faults, each naming the line: ragged row, non-number, NaN, bad label, blank line, header problems', async () => {
  const cases: [string, RegExp][] = [
    ['a,label\n1,0\n2\n', /line 3 has 1 fields, the header has 2/],
    ['a,label\n1,0\n2,1,3\n', /line 3 has 3 fields/],
    ['a,label\n1,0\nx,1\n', /line 3, column 'a': "x" is not a number/],
    ['a,label\nNaN,0\n', /line 2, column 'a': "NaN" is not a number/],
    ['a,label\n1e39,0\n', /line 2, column 'a': 1e39 is beyond float32's range/],
    ['a,label\n1,0.5\n', /line 2: label 0.5 is not a class index/],
    ['a,label\n1,-1\n', /line 2: label -1 is not a class index/],
    ['a,label\n1,0\n\n2,1\n', /line 3 has 1 fields/],
    ['a,label\n"1",0\n', /line 2, column 'a': "\\"1\\"" is not a number/],
    ['label\n1\n', /names 1 column/],
    ['a,,label\n1,2,0\n', /leaves column 2 unnamed/],
    ['a,a,label\n1,2,0\n', /names column 'a' twice/],
    ['\n\n', /holds only blank lines/],
  ];
  for (const [index, [text, pattern]] of cases.entries()) {
    const path = csvFile(`bad${index}.csv`, text);
    await assertDataError(() => loadDataset(path), path, pattern);
  }
  const empty = csvFile('empty.csv', '');
  await assertDataError(() => loadDataset(empty), empty, /is empty/);
  const path = csvFile('named.csv', 'a,b\n1,0\n');
  await assertDataError(() => loadDataset(path, { labelColumn: 'y' }), path, /has no column 'y' \(columns: a, b\)/);
  await assertDataError(() => loadDataset(path, { testFraction: 1 }), 'testFraction', /between 0 and 1/);
});

test('train.csv and test.csv with different headers', async () => {
  const folder = join(dir, 'mismatch');
  mkdirSync(folder);
  writeFileSync(join(folder, 'train.csv'), csvText({ pixels: Uint8Array.from([1, 2, 3, 4]), labels: [0, 1] }, 2));
  writeFileSync(join(folder, 'test.csv'), 'f0,label\n1,0\n');
  await assertDataError(() => loadDataset(folder), 'test.csv', /header \(f0, label\) differs from .*train.csv's \(f0, f1, label\)/);
});
