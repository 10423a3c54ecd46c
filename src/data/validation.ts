// Validation examples: held out of training so that choices between checkpoints, settings or runs read
// them, and the test set is read only for the numbers reported. A validation split is either examples the
// training file holds beyond the ones trained on (MNIST's 5,000 after the first 55,000), examples held out
// of the training split (per class, chosen by a seeded hash, as split.ts holds out test splits), or every
// example of a second data set.
import { CgesError } from '../util/errors.js';
import type { DataSplit, Labels } from './dataset.js';
import { holdOutSplit } from './split.js';

/** How much of the training split to hold out: a number of examples, or a fraction of them. */
export type ValidationAmount = { count: number } | { fraction: number };

function perExample(split: DataSplit): number {
  return split.count === 0 ? 0 : split.images.length / split.count;
}

function sameLabelType(labels: Labels, length: number): Labels {
  return labels instanceof Uint8Array ? new Uint8Array(length) : new Int32Array(length);
}

/** The examples [start, end) of a split, sharing its storage. */
export function exampleRange(split: DataSplit, start: number, end: number): DataSplit {
  const size = perExample(split);
  return { images: split.images.subarray(start * size, end * size), labels: split.labels.subarray(start, end), count: end - start };
}

/** The examples at `indices`, in that order, copied. */
export function gatherSplit(split: DataSplit, indices: number[]): DataSplit {
  const size = perExample(split);
  const images = new Float32Array(indices.length * size);
  const labels = sameLabelType(split.labels, indices.length);
  indices.forEach((from, to) => {
    images.set(split.images.subarray(from * size, (from + 1) * size), to * size);
    labels[to] = split.labels[from];
  });
  return { images, labels, count: indices.length };
}

/** Two splits of one example shape as one (labels widened to Int32Array when either needs it). */
export function joinSplits(first: DataSplit, second: DataSplit): DataSplit {
  const count = first.count + second.count;
  const images = new Float32Array(first.images.length + second.images.length);
  images.set(first.images);
  images.set(second.images, first.images.length);
  const labels = first.labels instanceof Uint8Array && second.labels instanceof Uint8Array
    ? new Uint8Array(count) : new Int32Array(count);
  labels.set(first.labels);
  labels.set(second.labels, first.count);
  return { images, labels, count };
}

function heldFraction(amount: ValidationAmount, count: number): number {
  if ('fraction' in amount) {
    if (!(amount.fraction > 0 && amount.fraction < 1)) {
      throw new CgesError(`the validation fraction must be in (0, 1), got ${amount.fraction}`);
    }
    return amount.fraction;
  }
  if (!Number.isSafeInteger(amount.count) || amount.count < 1 || amount.count >= count) {
    throw new CgesError(`a validation split of ${amount.count} examples must leave some of the ${count} training examples`);
  }
  return amount.count / count;
}

/**
 * Splits the training examples into what is trained on and what is held out for validation: per class,
 * round(fraction * n) of its examples, picked by a hash of (seed, index); both keep the stored order.
 * A count is taken as that fraction of the whole, so per-class rounding may move the total by a few.
 */
export function holdOutValidation(split: DataSplit, amount: ValidationAmount, seed: number): { train: DataSplit; val: DataSplit } {
  const fraction = heldFraction(amount, split.count);
  const keys = Array.from({ length: split.count }, (_, i) => String(i));
  const { train, test } = holdOutSplit(keys, split.labels, fraction, seed);
  if (test.length === 0 || train.length === 0) {
    throw new CgesError(`holding out ${(fraction * 100).toPrecision(3)}% of each class of ${split.count} training ` +
      `examples leaves ${test.length === 0 ? 'no validation' : 'no training'} examples`);
  }
  return { train: gatherSplit(split, train), val: gatherSplit(split, test) };
}
