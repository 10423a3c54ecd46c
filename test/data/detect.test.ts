// Format detection: each layout is recognised, a partial or double layout says what is wrong, and when
// nothing fits the error lists every layout looked for.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATA_FORMATS } from '../../src/data/dataset.js';
import { detectFormat, FORMAT_LAYOUTS } from '../../src/data/detect.js';
import { loadDataset } from '../../src/data/load_dataset.js';
import { assertDataError } from './data_asserts.js';
import {
  referenceData, writeCifar10, writeCifar100, writeCsvSet, writeIdxSet, writeImageFolder, writeNpySet,
} from './dataset_files.js';
import { tempDir } from './idx_files.js';

const root = tempDir();
after(() => rmSync(root, { recursive: true }));
let made = 0;
function newDir(): string {
  const dir = join(root, String(made++));
  mkdirSync(dir);
  return dir;
}

test('each layout is detected as its format', async () => {
  const small = referenceData([2, 2, 1], [3, 2], 2);
  const cifar = referenceData([32, 32, 3], [2, 1], 2);
  const layouts: [string, (dir: string) => unknown][] = [
    ['idx', (dir) => writeIdxSet(dir, small)],
    ['cifar10', (dir) => writeCifar10(dir, cifar, 1)],
    ['cifar100', (dir) => writeCifar100(dir, cifar)],
    ['npy', (dir) => writeNpySet(dir, small)],
    ['csv', (dir) => writeCsvSet(dir, small)],
    ['image-folder', (dir) => writeImageFolder(dir, small)],
  ];
  for (const [format, write] of layouts) {
    const dir = newDir();
    await write(dir);
    assert.equal(detectFormat(dir).format, format);
    assert.equal((await loadDataset(dir)).format, format);
  }
  const file = join(newDir(), 'table.csv');
  writeFileSync(file, 'a,label\n1,0\n2,1\n3,0\n4,1\n5,0\n');
  assert.equal(detectFormat(file).format, 'csv');
});

test('nothing fits: the error lists every layout looked for', async () => {
  const dir = newDir();
  writeFileSync(join(dir, 'readme.txt'), 'hello');
  mkdirSync(join(dir, 'empty'));
  await assertDataError(() => detectFormat(dir), `no data set found in folder ${dir}`, /looked for/);
  try {
    detectFormat(dir);
  } catch (error) {
    for (const format of DATA_FORMATS) assert.ok(String(error).includes(FORMAT_LAYOUTS[format]), format);
  }
  await assertDataError(() => detectFormat(join(dir, 'readme.txt')), 'readme.txt', /no data set found in file .*looked for IDX files/);
  await assertDataError(() => detectFormat(join(dir, 'nothing')), 'nothing', /does not exist/);
  await assertDataError(() => loadDataset(dir, { format: 'npy' }), dir, /looked for NumPy arrays \(x_train.npy/);
  await assertDataError(() => loadDataset(dir, { format: 'parquet' as 'npy' }), 'parquet', /format must be one of idx, cifar10/);
});

test('two data sets in one folder: say which with format', async () => {
  const dir = newDir();
  const small = referenceData([2, 2, 1], [3, 2], 2);
  writeIdxSet(dir, small);
  writeNpySet(dir, small);
  await assertDataError(() => detectFormat(dir), dir, /several data sets \(idx, npy\); say which with format/);
  assert.equal((await loadDataset(dir, { format: 'npy' })).format, 'npy');
});
