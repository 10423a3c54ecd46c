// Image folders: PNG round trips (greyscale and RGB), resizing, JPEG, a held-out split, and faults.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { loadDataset } from '../../src/data/load_dataset.js';
import { assertDataError, assertMatchesReference, scratchDirs } from './data_asserts.js';
import { referenceData, type ReferenceSplit, writeImageFolder } from './dataset_files.js';

const newDir = scratchDirs();

/** The reference split in folder order: by class, then by file (the example's index). */
function folderOrder(split: ReferenceSplit, size: number): ReferenceSplit {
  const order = split.labels.map((label, i) => ({ label, i })).sort((a, b) => a.label - b.label || a.i - b.i);
  const pixels = new Uint8Array(split.pixels.length);
  order.forEach(({ i }, k) => pixels.set(split.pixels.subarray(i * size, (i + 1) * size), k * size));
  return { pixels, labels: order.map(({ label }) => label) };
}

for (const shape of [[5, 4, 1], [3, 6, 3]] as [number, number, number][]) {
  test(`PNG round trip through train/ and test/: ${shape.join('x')}`, async () => {
    const dir = newDir();
    const data = referenceData(shape, [7, 4], 3);
    await writeImageFolder(dir, data);
    const loaded = await loadDataset(dir);
    assert.equal(loaded.format, 'image-folder');
    assert.deepEqual(loaded.inputShape, shape);
    assert.equal(loaded.numClasses, 3);
    const size = shape[0] * shape[1] * shape[2];
    assertMatchesReference(loaded, { shape, train: folderOrder(data.train, size), test: folderOrder(data.test, size) });
  });
}

async function solid(path: string, width: number, height: number, colour: [number, number, number], format: 'png' | 'jpeg' = 'png'): Promise<void> {
  mkdirSync(join(path, '..'), { recursive: true });
  const image = sharp({ create: { width, height, channels: 3, background: { r: colour[0], g: colour[1], b: colour[2] } } });
  await (format === 'png' ? image.png() : image.jpeg({ quality: 100 })).toFile(path);
}

test('classes sorted by name, sizes resized to the first image or to imageSize, greyscale on request, JPEG, held-out split', async () => {
  const dir = newDir();
  for (let i = 0; i < 5; i++) {
    await solid(join(dir, 'zebra', `${i}.png`), 4, 6, [200, 10, 30]);
    await solid(join(dir, 'ant', `${i}.jpg`), 8, 3, [0, 128, 255], 'jpeg');
  }
  const loaded = await loadDataset(dir, { testFraction: 0.4, seed: 3 });
  // 'ant' sorts first; the first image (ant/0.jpg, 8 wide and 3 high) sets the size.
  assert.deepEqual(loaded.inputShape, [3, 8, 3]);
  assert.equal(loaded.numClasses, 2);
  assert.deepEqual([loaded.train.count, loaded.test.count], [6, 4]);
  assert.deepEqual([...loaded.test.labels].sort(), [0, 0, 1, 1]);
  for (const split of [loaded.train, loaded.test]) {
    for (let i = 0; i < split.count; i++) {
      const colour = split.labels[i] === 0 ? [0, 128, 255] : [200, 10, 30];
      const pixels = split.images.subarray(i * 72, (i + 1) * 72);
      // A solid colour stays solid through resizing; JPEG may move it by a level or two.
      pixels.forEach((v, k) => assert.ok(Math.abs(v * 255 - colour[k % 3]) <= 2, `example ${i} value ${k} is ${v * 255}`));
    }
  }
  const grey = await loadDataset(dir, { imageSize: [2, 2], channels: 1 });
  assert.deepEqual(grey.inputShape, [2, 2, 1]);
});

test('faults: undecodable image, stray file, one class, unknown test class, empty class folder', async () => {
  let dir = newDir();
  await solid(join(dir, 'a', '0.png'), 2, 2, [1, 2, 3]);
  await solid(join(dir, 'b', '0.png'), 2, 2, [1, 2, 3]);
  writeFileSync(join(dir, 'b', '1.png'), 'not a png');
  await assertDataError(() => loadDataset(dir), join(dir, 'b', '1.png'), /cannot be decoded/);
  writeFileSync(join(dir, 'b', '1.png'), (await sharp({ create: { width: 2, height: 2, channels: 3, background: 'red' } }).png().toBuffer()).subarray(0, 40));
  await assertDataError(() => loadDataset(dir), join(dir, 'b', '1.png'), /cannot be decoded/);
  writeFileSync(join(dir, 'b', '1.png'), '');
  await assertDataError(() => loadDataset(dir), join(dir, 'b', '1.png'), /cannot be decoded/);
  rmSync(join(dir, 'b', '1.png'));
  writeFileSync(join(dir, 'b', 'notes.txt'), 'x');
  await assertDataError(() => loadDataset(dir), join(dir, 'b', 'notes.txt'), /is not a PNG or JPEG image/);
  rmSync(join(dir, 'b'), { recursive: true });
  await assertDataError(() => loadDataset(dir), dir, /has 1 class subfolder; classification needs at least 2/);
  dir = newDir();
  await solid(join(dir, 'train', 'a', '0.png'), 2, 2, [1, 2, 3]);
  await solid(join(dir, 'train', 'b', '0.png'), 2, 2, [1, 2, 3]);
  await solid(join(dir, 'test', 'c', '0.png'), 2, 2, [1, 2, 3]);
  await assertDataError(() => loadDataset(dir), join(dir, 'test'), /has class 'c', which .* does not/);
  rmSync(join(dir, 'test', 'c'), { recursive: true });
  mkdirSync(join(dir, 'test', 'a'));
  await assertDataError(() => loadDataset(dir), join(dir, 'test', 'a'), /holds no images/);
});

test('train/ without test/: the test split is held out of train/', async () => {
  const dir = newDir();
  const data = referenceData([2, 2, 1], [10, 2], 2);
  await writeImageFolder(dir, data);
  rmSync(join(dir, 'test'), { recursive: true });
  const loaded = await loadDataset(dir, { testFraction: 0.2 });
  assert.deepEqual([loaded.train.count, loaded.test.count], [8, 2]);
  assert.match(loaded.description, /train: 2 classes, 20% of each held out/);
});
