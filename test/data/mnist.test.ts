// MNIST loading: a small hand-written directory, every bad kind of directory, and the real data set.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkMnistDir, defaultMnistDir, loadMnist } from '../../src/data/mnist.js';
import { CgesError } from '../../src/util/errors.js';
import { idxBytes, tempDir, writeIdx } from './idx_files.js';

const created: string[] = [];
after(() => created.forEach((dir) => rmSync(dir, { recursive: true })));

/** A directory with `train` and `test` examples; image i has every pixel equal to i and label i % 10. */
function smallMnist(train: number, test: number, labelsOverride: Partial<Record<string, number>> = {}): string {
  const dir = tempDir();
  created.push(dir);
  for (const [prefix, count] of [['train', train], ['t10k', test]] as const) {
    const pixels = Array.from({ length: count * 784 }, (_, p) => Math.floor(p / 784));
    writeIdx(dir, `${prefix}-images-idx3-ubyte`, idxBytes([count, 28, 28], pixels));
    const labelCount = labelsOverride[prefix] ?? count;
    writeIdx(dir, `${prefix}-labels-idx1-ubyte`, idxBytes([labelCount], Array.from({ length: labelCount }, (_, i) => i % 10)));
  }
  return dir;
}

function cgesError(pattern: RegExp): (error: unknown) => boolean {
  return (error) => error instanceof CgesError && pattern.test(error.message);
}

test('loads the first N examples of a small directory, pixels scaled by 1/255', () => {
  const dir = smallMnist(12, 5);
  assert.deepEqual(checkMnistDir(dir), { train: 12, test: 5 });
  const { train, test: testSplit } = loadMnist({ dir, trainSize: 11, testSize: 5 });
  assert.equal(train.count, 11);
  assert.equal(train.images.length, 11 * 784);
  assert.deepEqual([...train.labels], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0]);
  assert.equal(train.images[3 * 784 + 100], Math.fround(3 / 255));
  assert.equal(testSplit.images[4 * 784 + 783], Math.fround(4 / 255));
  assert.equal(testSplit.count, 5);
});

test('sizes larger than available, or not positive integers, are CgesErrors', () => {
  const dir = smallMnist(3, 2);
  assert.throws(() => loadMnist({ dir, trainSize: 4, testSize: 2 }), cgesError(/trainSize 4 is more than the 3/));
  assert.throws(() => loadMnist({ dir, trainSize: 3, testSize: 3 }), cgesError(/testSize 3 is more than the 2/));
  assert.throws(() => checkMnistDir(dir, { trainSize: 1.5 }), cgesError(/trainSize must be a positive integer/));
  assert.throws(() => checkMnistDir(dir, { testSize: 0 }), cgesError(/testSize/));
});

test('image and label counts must agree', () => {
  const dir = smallMnist(3, 2, { t10k: 3 });
  assert.throws(() => checkMnistDir(dir), cgesError(/test split .* 2 images but 3 labels/));
});

test('missing directory, missing file, gzipped file, wrong image size, bad label value', () => {
  assert.throws(() => checkMnistDir('/nonexistent/mnist'), cgesError(/\/nonexistent\/mnist does not exist/));
  const dir = smallMnist(2, 2);
  const file = join(dir, 'train-labels-idx1-ubyte');
  assert.throws(() => checkMnistDir(file), cgesError(/train-labels-idx1-ubyte is not a directory/));
  rmSync(join(dir, 't10k-labels-idx1-ubyte'));
  assert.throws(() => checkMnistDir(dir), cgesError(/t10k-labels-idx1-ubyte: does not exist/));
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte.gz'), 'x');
  assert.throws(() => checkMnistDir(dir), cgesError(/gunzip/));
  const small = smallMnist(2, 2);
  writeIdx(small, 'train-images-idx3-ubyte', idxBytes([2, 14, 56], new Array(2 * 784).fill(0)));
  assert.throws(() => checkMnistDir(small), cgesError(/14x56, expected 28x28/));
  const badLabel = smallMnist(2, 2);
  writeIdx(badLabel, 'train-labels-idx1-ubyte', idxBytes([2], [1, 12]));
  assert.throws(() => loadMnist({ dir: badLabel, trainSize: 2, testSize: 2 }), cgesError(/label 1 .* is 12/));
});

test('a truncated image file is caught by the cheap header check', () => {
  const dir = smallMnist(3, 2);
  writeIdx(dir, 'train-images-idx3-ubyte', idxBytes([3, 28, 28], new Array(3 * 784 - 1).fill(0)));
  assert.throws(() => checkMnistDir(dir), cgesError(/train-images-idx3-ubyte: is truncated/));
});

test('real MNIST: 60k/10k available, first labels 5 and 7, pixels in [0, 1]', () => {
  assert.deepEqual(checkMnistDir(defaultMnistDir()), { train: 60000, test: 10000 });
  const { train, test: testSplit } = loadMnist();
  assert.equal(train.count, 55000);
  assert.equal(testSplit.count, 10000);
  assert.equal(train.labels[0], 5);
  assert.equal(testSplit.labels[0], 7);
  let [min, max] = [Infinity, -Infinity];
  for (let i = 0; i < train.images.length; i++) {
    const v = train.images[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  assert.equal(min, 0);
  assert.equal(max, 1);
  // The standard first training image (a 5) has 166 non-zero pixels.
  assert.equal(train.images.subarray(0, 784).filter((v) => v > 0).length, 166);
});
