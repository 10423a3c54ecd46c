// Holding out a test split when the data has none (image folders, a single CSV file). Each class is
// split on its own, so both splits keep the class balance. Which examples go to test depends only on the
// seed and each example's key (its file name, or row number), not on listing order: adding an image
// never moves another one between the splits.
import { CgesError } from '../util/errors.js';
import type { LoadOptions, RawSplit } from './dataset.js';

/** FNV-1a over the seed and key: a stable, well-spread 32-bit hash (not cryptographic). */
function keyHash(seed: number, key: string): number {
  let hash = 0x811c9dc5;
  const text = `${seed}\u0000${key}`;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

function checkTestFraction(fraction: number): number {
  if (!(fraction > 0 && fraction < 1)) throw new CgesError(`testFraction must be between 0 and 1 (exclusive), got ${fraction}`);
  return fraction;
}

/**
 * Indices of the training and test examples, each in ascending order: per class, the
 * round(fraction * n) examples with the smallest hashes are held out.
 */
export function holdOutSplit(keys: string[], labels: ArrayLike<number>, fraction: number, seed: number): { train: number[]; test: number[] } {
  if (!Number.isSafeInteger(seed)) throw new CgesError(`seed must be an integer, got ${seed}`);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < keys.length; i++) {
    const members = byClass.get(labels[i]) ?? [];
    members.push(i);
    byClass.set(labels[i], members);
  }
  const isTest = new Uint8Array(keys.length);
  for (const members of byClass.values()) {
    const ordered = members.map((i) => ({ i, hash: keyHash(seed, keys[i]) })).sort((a, b) => a.hash - b.hash || a.i - b.i);
    const held = Math.round(fraction * members.length);
    for (let k = 0; k < held; k++) isTest[ordered[k].i] = 1;
  }
  const train: number[] = [];
  const test: number[] = [];
  isTest.forEach((flag, i) => (flag ? test : train).push(i));
  return { train, test };
}

/** The examples at `indices` (each `perExample` values long) and their labels, in that order. */
function gatherExamples(
  images: Float32Array, labels: ArrayLike<number>, perExample: number, indices: number[],
): { images: Float32Array; labels: Float64Array } {
  const outImages = new Float32Array(indices.length * perExample);
  const outLabels = new Float64Array(indices.length);
  indices.forEach((from, to) => {
    outImages.set(images.subarray(from * perExample, (from + 1) * perExample), to * perExample);
    outLabels[to] = labels[from];
  });
  return { images: outImages, labels: outLabels };
}

/**
 * Splits one set of examples (each `perExample` values, keyed by `keys`) into training and held-out test
 * splits by `options.testFraction` (default 0.2) and `options.seed` (default 0); `name` is the source.
 */
export function holdOutSplits(
  whole: { images: Float32Array; labels: ArrayLike<number> }, perExample: number, keys: string[], name: string, options: LoadOptions,
): { train: RawSplit; test: RawSplit; percent: number } {
  const fraction = checkTestFraction(options.testFraction ?? 0.2);
  const indices = holdOutSplit(keys, whole.labels, fraction, options.seed ?? 0);
  for (const [which, list] of [['test', indices.test], ['training', indices.train]] as const) {
    if (list.length === 0) {
      throw new CgesError(`${name}: holding out ${Math.round(fraction * 100)}% of each class leaves no ${which} examples (${whole.labels.length} examples in all); change testFraction or give a test split`);
    }
  }
  const part = (which: 'training' | 'test'): RawSplit => {
    const { images, labels } = gatherExamples(whole.images, whole.labels, perExample, indices[which === 'test' ? 'test' : 'train']);
    const source = `${name} (${which} split)`;
    return { images, labels, imagesFile: source, labelFiles: [{ path: source, count: labels.length }] };
  };
  return { train: part('training'), test: part('test'), percent: Math.round(fraction * 100) };
}
