// A labelled data set in memory, whatever file format it came from, and the checks every reader shares:
// equal example and label counts, finite values, integer labels in range, and the class count.
// Readers hand over a RawSplit; finishDataset checks it and returns the Dataset users see.
import { CgesError } from '../util/errors.js';
import { shapeSize } from './data_files.js';

export const DATA_FORMATS = ['idx', 'cifar10', 'cifar100', 'npy', 'image-folder', 'csv'] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];

/** Class indices: a Uint8Array when every class fits a byte (as src/data's MNIST Split), else Int32Array. */
export type Labels = Uint8Array | Int32Array;

export interface DataSplit {
  /** [count, ...inputShape] row-major: images NHWC (channels last), or one row of features per example. */
  images: Float32Array;
  /** [count], each in 0..numClasses-1. */
  labels: Labels;
  count: number;
}

export interface Dataset {
  format: DataFormat;
  /** One line saying what was read, e.g. "CIFAR-10 binary in data/: 5 training batches, test_batch.bin". */
  description: string;
  train: DataSplit;
  test: DataSplit;
  /** One example's shape: [height, width, channels] for images, [features] for flat features. */
  inputShape: number[];
  numClasses: number;
}

export interface LoadOptions {
  /** Read the path as this format instead of detecting it. */
  format?: DataFormat;
  /** How many classes the model has; labels must be below it. Default: the format's, else the largest label + 1. */
  numClasses?: number;
  /** CIFAR-100's label: the 100 fine classes (default) or the 20 coarse superclasses. */
  cifarLabels?: 'fine' | 'coarse';
  /** Image folders: [height, width] every image is resized to; default the first image's size. */
  imageSize?: [number, number];
  /** Image folders: 1 (greyscale) or 3 (RGB); default the first image's (1 if it is greyscale, else 3). */
  channels?: 1 | 3;
  /** CSV: the label column's name; default `label`, else the last column. */
  labelColumn?: string;
  /** Image folders and CSV files without a test split: the fraction of each class held out (default 0.2). */
  testFraction?: number;
  /** Seeds which examples that held-out split takes (default 0). */
  seed?: number;
}

/** One split as a reader produced it, before the shared checks. */
export interface RawSplit {
  images: Float32Array;
  labels: ArrayLike<number>;
  /** The file (or folder) holding the images, named in count and value errors. */
  imagesFile: string;
  /** The files holding the labels, in order, with how many each holds, so an error names file and index. */
  labelFiles: { path: string; count: number }[];
}

export interface RawDataset {
  format: DataFormat;
  description: string;
  train: RawSplit;
  test: RawSplit;
  inputShape: number[];
  /** The class count the format itself fixes (CIFAR, image folders), if any. */
  numClasses?: number;
}

/** Where example `index` of a split's labels lives: its file and its index within that file. */
function locateLabel(split: RawSplit, index: number): string {
  let rest = index;
  for (const file of split.labelFiles) {
    if (rest < file.count) return `${file.path}: label ${rest}`;
    rest -= file.count;
  }
  return `${split.imagesFile}: label ${index}`;
}

function splitCount(split: RawSplit, inputShape: number[]): number {
  if (inputShape.length === 0 || !inputShape.every((d) => Number.isSafeInteger(d) && d > 0)) {
    throw new CgesError(`${split.imagesFile}: an example's shape [${inputShape.join(', ')}] has an empty dimension`);
  }
  const count = split.images.length / shapeSize(inputShape);
  if (count === 0) throw new CgesError(`${split.imagesFile}: holds no examples`);
  if (count !== split.labels.length) {
    const labelsAt = split.labelFiles.map((file) => file.path).join(', ');
    throw new CgesError(`${split.imagesFile} holds ${count} examples but ${labelsAt} holds ${split.labels.length} labels`);
  }
  return count;
}

/** Refuses NaN and infinities: a float array exported with them would poison every gradient. */
function checkFinite(split: RawSplit, inputShape: number[]): void {
  const perExample = shapeSize(inputShape);
  for (let i = 0; i < split.images.length; i++) {
    if (!Number.isFinite(split.images[i])) {
      const example = Math.floor(i / perExample);
      throw new CgesError(`${split.imagesFile}: example ${example} holds ${split.images[i]} at value ${i % perExample} (values must be finite)`);
    }
  }
}

function checkLabelValues(split: RawSplit, numClasses: number | undefined): number {
  let max = -1;
  for (let i = 0; i < split.labels.length; i++) {
    const label = split.labels[i];
    if (!Number.isInteger(label) || label < 0) {
      throw new CgesError(`${locateLabel(split, i)} is ${label}, not a class index (a non-negative integer)`);
    }
    if (numClasses !== undefined && label >= numClasses) {
      throw new CgesError(`${locateLabel(split, i)} is ${label}, out of range for ${numClasses} classes (0-${numClasses - 1})`);
    }
    if (label > max) max = label;
  }
  return max;
}

function checkedClassCount(numClasses: number | undefined): number | undefined {
  if (numClasses !== undefined && (!Number.isSafeInteger(numClasses) || numClasses < 2)) {
    throw new CgesError(`numClasses must be an integer of at least 2, got ${numClasses}`);
  }
  return numClasses;
}

function firstIndexOf(split: RawSplit, label: number): number {
  for (let i = 0; i < split.labels.length; i++) if (split.labels[i] === label) return i;
  return -1;
}

function toLabels(values: ArrayLike<number>, numClasses: number): Labels {
  return numClasses <= 256 ? Uint8Array.from(values) : Int32Array.from(values);
}

/**
 * Checks a reader's output and gives the Dataset: counts agree, every value is finite, labels are class
 * indices below the class count (the option's, else the format's, else the largest label + 1, which may
 * not exceed the number of examples: a larger label is far more likely corrupt than meant).
 */
export function finishDataset(raw: RawDataset, options: LoadOptions): Dataset {
  const fixed = checkedClassCount(options.numClasses) ?? raw.numClasses;
  const counts = { train: splitCount(raw.train, raw.inputShape), test: splitCount(raw.test, raw.inputShape) };
  checkFinite(raw.train, raw.inputShape);
  checkFinite(raw.test, raw.inputShape);
  const max = Math.max(checkLabelValues(raw.train, fixed), checkLabelValues(raw.test, fixed));
  const numClasses = fixed ?? max + 1;
  if (fixed === undefined) {
    const examples = counts.train + counts.test;
    if (numClasses > examples) {
      const where = firstIndexOf(raw.train, max) >= 0 ? raw.train : raw.test;
      throw new CgesError(`${locateLabel(where, firstIndexOf(where, max))} is ${max}: ${numClasses} classes for ${examples} examples; give numClasses if that is meant`);
    }
    if (numClasses < 2) {
      throw new CgesError(`${raw.train.labelFiles.map((file) => file.path).join(', ')}: every label is ${max}; a classifier needs at least 2 classes`);
    }
  }
  const split = (raw: RawSplit, count: number): DataSplit => ({ images: raw.images, labels: toLabels(raw.labels, numClasses), count });
  return {
    format: raw.format, description: raw.description, inputShape: raw.inputShape, numClasses,
    train: split(raw.train, counts.train), test: split(raw.test, counts.test),
  };
}

/** Pixel bytes scaled to [0, 1]: the convention for every 8-bit image format. */
export function unitPixels(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i] / 255;
  return out;
}

/** Training and test examples must have one shape: the model takes one input. */
export function checkSameShape(train: { shape: number[]; file: string }, test: { shape: number[]; file: string }): void {
  if (train.shape.join() !== test.shape.join()) {
    throw new CgesError(`${test.file}: test examples are [${test.shape.join(', ')}] but training examples are [${train.shape.join(', ')}] (${train.file})`);
  }
}
