// Fuzzing the readers: a small valid data set in one format, one seeded mutation (truncation, flipped
// header bytes, wrong dtype, labels out of range, mismatched counts, NaN, random byte flips, a missing or
// stray file), then a load. A case passes when the load either gives a consistent Dataset (twice the
// same) or throws a one-line CgesError naming something under the data folder. Used by the fuzz script
// (scripts/fuzz_data.mjs, 500 cases a format) and by fuzz.test.ts (a seeded sample in npm test).
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { type Dataset, type DataFormat } from '../../src/data/dataset.js';
import { loadDataset } from '../../src/data/load_dataset.js';
import { CgesError } from '../../src/util/errors.js';
import { idxBytes } from './idx_files.js';
import {
  csvText, npyBytes, referenceData, writeCifar10, writeCifar100, writeCsvSet, writeIdxSet, writeImageFolder,
} from './dataset_files.js';

export const FUZZ_FORMATS: DataFormat[] = ['idx', 'cifar10', 'cifar100', 'npy', 'csv', 'image-folder'];

export interface CaseResult {
  format: DataFormat;
  seed: number;
  mutation: string;
  /** 'loaded' or 'refused' when the case passes; otherwise what went wrong. */
  outcome: 'loaded' | 'refused' | 'failed';
  detail: string;
}

/** mulberry32: a tiny seeded generator for choosing mutations (test-only; not the training Rng). */
function generator(seed: number): { int: (n: number) => number; pick: <T>(list: readonly T[]) => T } {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { int, pick: (list) => list[int(list.length)] };
}
type Random = ReturnType<typeof generator>;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

const NPY_INPUT_TYPES = ['|u1', '<f4', '>f4', '<f8'];
const NPY_LABEL_TYPES = ['|u1', '|i1', '<i2', '>u2', '<i4', '<u4', '<i8', '>i8', '<u8'];
const NPY_WRONG_TYPES = ['<f2', '<c8', '|b1', '<U3', '|O', '<i2', '<f4', '>f8', '=i4', '<u1', '|S4'];

/** Writes the valid set and returns format-specific mutations (each changes files in `dir`). */
async function writeBase(format: DataFormat, dir: string, random: Random): Promise<Record<string, () => void>> {
  const small = referenceData([4, 3, 1], [6, 3], 3);
  const labelsAt = (path: string, offset: number, value: number): void => {
    const bytes = readFileSync(path);
    bytes[offset] = value;
    writeFileSync(path, bytes);
  };
  switch (format) {
    case 'idx': {
      writeIdxSet(dir, small, { gzip: random.int(4) === 0 });
      const plain = filesUnder(dir).every((path) => !path.endsWith('.gz'));
      return plain ? {
        'wrong dtype': () => labelsAt(join(dir, random.pick(['train-images-idx3-ubyte', 't10k-labels-idx1-ubyte'])), 2, random.pick([0x09, 0x0b, 0x0d, 0x0e, 0xff])),
        'labels out of range': () => labelsAt(join(dir, 'train-labels-idx1-ubyte'), 8 + random.int(6), 3 + random.int(253)),
        'mismatched counts': () => writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), idxBytes([2], [0, 1])),
      } : {};
    }
    case 'cifar10':
    case 'cifar100': {
      const data = referenceData([32, 32, 3], [3, 2], format === 'cifar10' ? 10 : 100);
      if (format === 'cifar10') writeCifar10(dir, data, 2);
      else writeCifar100(dir, data);
      const file = join(dir, format === 'cifar10' ? 'test_batch.bin' : 'train.bin');
      const record = format === 'cifar10' ? 3073 : 3074;
      return {
        'labels out of range': () => labelsAt(file, record * random.int(2) + random.int(format === 'cifar10' ? 1 : 2), 10 + random.int(246)),
        'mismatched counts': () => writeFileSync(file, readFileSync(file).subarray(0, record + 1 + random.int(record - 1))),
      };
    }
    case 'npy': {
      const [h, w] = [4, 3];
      const inputType = random.pick(NPY_INPUT_TYPES);
      const labelType = random.pick(NPY_LABEL_TYPES);
      const values = (split: typeof small.train): number[] => Array.from(split.pixels, (v) => (inputType === '|u1' ? v : v / 7 - 3));
      const write = (name: 'train' | 'test', split: typeof small.train, xType = inputType, yType = labelType, labels = split.labels): void => {
        writeFileSync(join(dir, `x_${name}.npy`), npyBytes(xType, [split.labels.length, h, w], values(split)));
        writeFileSync(join(dir, `y_${name}.npy`), npyBytes(yType, [labels.length], labels));
      };
      write('train', small.train);
      write('test', small.test);
      return {
        // A header claiming another dtype than the data was written in.
        'wrong dtype': () => {
          const [name, shape, type, data] = random.int(2) === 0
            ? ['x_train.npy', [small.train.labels.length, h, w], inputType, values(small.train)]
            : ['y_train.npy', [small.train.labels.length], labelType, small.train.labels];
          const header = `{'descr': '${random.pick(NPY_WRONG_TYPES)}', 'fortran_order': False, 'shape': (${shape.join(', ')},), }`;
          writeFileSync(join(dir, name), npyBytes(type, shape, data, { header }));
        },
        'labels out of range': () => write('test', small.test, inputType, labelType, small.test.labels.map((label, i) => (i === 1 ? random.pick([3, 100, 127, -1, -128]) : label)).map((v) => (labelType.includes('u') ? Math.abs(v) : v))),
        'mismatched counts': () => write('test', small.test, inputType, labelType, small.test.labels.slice(1)),
        'NaN in float arrays': () => {
          const x = values(small.train);
          x[random.int(x.length)] = random.pick([NaN, Infinity, -Infinity]);
          writeFileSync(join(dir, 'x_train.npy'), npyBytes(random.pick(['<f4', '<f8']), [small.train.labels.length, h, w], x));
        },
      };
    }
    case 'csv': {
      writeCsvSet(dir, small);
      const file = join(dir, random.pick(['train.csv', 'test.csv']));
      const edit = (change: (fields: string[]) => void): void => {
        const lines = readFileSync(file, 'utf8').split('\n');
        const line = 1 + random.int(lines.length - 2);
        const fields = lines[line].split(',');
        change(fields);
        lines[line] = fields.join(',');
        writeFileSync(file, lines.join('\n'));
      };
      return {
        'wrong dtype': () => edit((fields) => { fields[random.int(fields.length)] = random.pick(['abc', '"3"', '1.2.3', '', '0x10', '1e', 'true']); }),
        'labels out of range': () => edit((fields) => { fields[fields.length - 1] = random.pick(['-1', '3.5', '99999999', '1e300', '7']); }),
        'mismatched counts': () => edit((fields) => (random.int(2) === 0 ? fields.pop() : fields.push('1'))),
        'NaN in float arrays': () => edit((fields) => { fields[random.int(fields.length - 1)] = random.pick(['NaN', 'nan', 'Infinity', '-inf', '1e999']); }),
        'stray header': () => writeFileSync(file, csvText(small.test, 12).replace('f3', random.pick(['f4', '', 'label']))),
      };
    }
    case 'image-folder': {
      const images = referenceData([4, 3, random.pick([1, 3])], [12, 3], 3);
      await writeImageFolder(dir, images, random.pick(['png', 'jpeg'] as const));
      if (random.int(2) === 0) {
        // The single-folder layout instead of train/ and test/.
        rmSync(join(dir, 'test'), { recursive: true });
      }
      return {
        'stray file': () => writeFileSync(join(random.pick(filesUnder(dir)), '..', random.pick(['notes.txt', 'x.gif', 'y.PNG'])), 'stray'),
      };
    }
  }
}

const GENERIC = ['truncated', 'flipped header bytes', 'random byte flips', 'missing file', 'appended bytes', 'emptied file'] as const;

function applyGeneric(mutation: (typeof GENERIC)[number], dir: string, random: Random): void {
  const path = random.pick(filesUnder(dir));
  const bytes = readFileSync(path);
  if (mutation === 'truncated') writeFileSync(path, bytes.subarray(0, random.int(bytes.length)));
  else if (mutation === 'missing file') unlinkSync(path);
  else if (mutation === 'emptied file') writeFileSync(path, '');
  else if (mutation === 'appended bytes') writeFileSync(path, Buffer.concat([bytes, Buffer.from(Array.from({ length: 1 + random.int(40) }, () => random.int(256)))]));
  else {
    const span = mutation === 'flipped header bytes' ? Math.min(bytes.length, 128) : bytes.length;
    for (let k = 1 + random.int(8); k > 0 && span > 0; k--) bytes[random.int(span)] ^= 1 << random.int(8);
    writeFileSync(path, bytes);
  }
}

/** Formats whose values are bytes / 255. */
const BYTE_FORMATS: DataFormat[] = ['idx', 'cifar10', 'cifar100', 'image-folder'];

/** What a loaded data set must satisfy, whatever the mutation did; '' when it does. */
function inconsistency(data: Dataset): string {
  const perExample = data.inputShape.reduce((a, b) => a * b, 1);
  if (!(data.numClasses >= 2)) return `numClasses ${data.numClasses}`;
  for (const [name, split] of [['train', data.train], ['test', data.test]] as const) {
    if (split.count < 1 || split.labels.length !== split.count) return `${name}: ${split.count} examples, ${split.labels.length} labels`;
    if (split.images.length !== split.count * perExample) return `${name}: ${split.images.length} values for ${split.count} x [${data.inputShape.join(', ')}]`;
    if (split.labels.some((label) => label >= data.numClasses)) return `${name}: a label >= ${data.numClasses}`;
    if (split.images.some((v) => !Number.isFinite(v))) return `${name}: a non-finite value`;
    if (BYTE_FORMATS.includes(data.format) && split.images.some((v) => v < 0 || v > 1)) return `${name}: a pixel outside [0, 1]`;
  }
  return '';
}

/** Runs one case in `dir` (created, then removed). */
export async function runFuzzCase(format: DataFormat, seed: number, dir: string): Promise<CaseResult> {
  const random = generator(seed * 7919 + FUZZ_FORMATS.indexOf(format));
  mkdirSync(dir, { recursive: true });
  try {
    const specific = await writeBase(format, dir, random);
    const names = [...GENERIC, ...Object.keys(specific)];
    const mutation = random.pick(names);
    if (mutation in specific) specific[mutation]();
    else applyGeneric(mutation as (typeof GENERIC)[number], dir, random);
    const result = (outcome: CaseResult['outcome'], detail: string): CaseResult => ({ format, seed, mutation, outcome, detail });
    let first: Dataset;
    try {
      first = await loadDataset(dir);
    } catch (error) {
      if (!(error instanceof CgesError)) return result('failed', `threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      if (error.message.includes('\n') || error.message.trim() === '') return result('failed', `multi-line or empty message: ${JSON.stringify(error.message)}`);
      if (!error.message.includes(dir)) return result('failed', `message names nothing in the data folder: ${error.message}`);
      return result('refused', error.message);
    }
    const problem = inconsistency(first);
    if (problem !== '') return result('failed', `loaded inconsistently: ${problem}`);
    if (!isDeepStrictEqual(first, await loadDataset(dir))) return result('failed', 'two loads of the same files differ');
    return result('loaded', first.description);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
