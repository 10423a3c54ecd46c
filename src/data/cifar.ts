// CIFAR-10 and CIFAR-100 in their binary form. Each record is the label byte(s) then a 32x32 RGB image as
// 3072 bytes, channel by channel (CHW); records are converted to channels last (HWC), pixels to [0, 1].
//   CIFAR-10:  data_batch_1.bin .. data_batch_5.bin + test_batch.bin; record = label (0-9), image.
//   CIFAR-100: train.bin + test.bin; record = coarse label (0-19), fine label (0-99), image.
import { join } from 'node:path';
import { CgesError } from '../util/errors.js';
import { dataError, listDir, readDataFile } from './data_files.js';
import type { LoadOptions, RawDataset, RawSplit } from './dataset.js';

const SIDE = 32;
const CHANNELS = 3;
const IMAGE_BYTES = SIDE * SIDE * CHANNELS;
const TRAIN_BATCH = /^data_batch_(\d+)\.bin$/;

export interface CifarFiles {
  format: 'cifar10' | 'cifar100';
  dir: string;
  train: string[];
  test: string;
}

/** The CIFAR files in `dir`: undefined when there are none, an error when a set is partial. */
export function probeCifar(dir: string): CifarFiles | undefined {
  const names = listDir(dir);
  const batches = names.filter((name) => TRAIN_BATCH.test(name))
    .sort((a, b) => Number(TRAIN_BATCH.exec(a)?.[1]) - Number(TRAIN_BATCH.exec(b)?.[1]));
  const hasTestBatch = names.includes('test_batch.bin');
  if (batches.length > 0 || hasTestBatch) {
    if (batches.length === 0) throw new CgesError(`CIFAR-10 set in ${dir} has test_batch.bin but no data_batch_*.bin`);
    if (!hasTestBatch) throw new CgesError(`CIFAR-10 set in ${dir} has ${batches.join(', ')} but no test_batch.bin`);
    return { format: 'cifar10', dir, train: batches.map((name) => join(dir, name)), test: join(dir, 'test_batch.bin') };
  }
  const hasTrain = names.includes('train.bin');
  const hasTest = names.includes('test.bin');
  if (!hasTrain && !hasTest) return undefined;
  if (!hasTrain || !hasTest) throw new CgesError(`CIFAR-100 set in ${dir} has ${hasTrain ? 'train.bin but no test.bin' : 'test.bin but no train.bin'}`);
  return { format: 'cifar100', dir, train: [join(dir, 'train.bin')], test: join(dir, 'test.bin') };
}

/** Reads records of `labelBytes` label bytes + one image, keeping label byte `labelAt`. */
function readBatches(paths: string[], labelBytes: number, labelAt: number): RawSplit {
  const record = labelBytes + IMAGE_BYTES;
  const files = paths.map((path) => {
    const bytes = readDataFile('CIFAR', path);
    if (bytes.length % record !== 0) {
      throw dataError('CIFAR', path, `is ${bytes.length} bytes, not a whole number of ${record}-byte records (${labelBytes} label byte${labelBytes > 1 ? 's' : ''} + ${IMAGE_BYTES} pixels)`);
    }
    return { path, bytes, count: bytes.length / record };
  });
  const total = files.reduce((sum, file) => sum + file.count, 0);
  const images = new Float32Array(total * IMAGE_BYTES);
  const labels = new Uint8Array(total);
  let example = 0;
  for (const { bytes, count } of files) {
    for (let r = 0; r < count; r++, example++) {
      const start = r * record;
      labels[example] = bytes[start + labelAt];
      const pixels = start + labelBytes;
      const out = example * IMAGE_BYTES;
      // CHW in the file -> HWC: value (c, p) goes to p * 3 + c, p = y * 32 + x.
      for (let c = 0; c < CHANNELS; c++) {
        for (let p = 0; p < SIDE * SIDE; p++) images[out + p * CHANNELS + c] = bytes[pixels + c * SIDE * SIDE + p] / 255;
      }
    }
  }
  return { images, labels, imagesFile: paths.length === 1 ? paths[0] : `${paths[0]} .. ${paths[paths.length - 1]}`, labelFiles: files.map(({ path, count }) => ({ path, count })) };
}

export function readCifar(files: CifarFiles, options: LoadOptions): RawDataset {
  const inputShape = [SIDE, SIDE, CHANNELS];
  if (files.format === 'cifar10') {
    return {
      format: 'cifar10',
      description: `CIFAR-10 binary in ${files.dir}: ${files.train.length} training batch${files.train.length > 1 ? 'es' : ''} + test_batch.bin`,
      train: readBatches(files.train, 1, 0), test: readBatches([files.test], 1, 0), inputShape, numClasses: 10,
    };
  }
  const fine = (options.cifarLabels ?? 'fine') === 'fine';
  if (options.cifarLabels !== undefined && options.cifarLabels !== 'fine' && options.cifarLabels !== 'coarse') {
    throw new CgesError(`cifarLabels must be 'fine' or 'coarse', got '${String(options.cifarLabels)}'`);
  }
  return {
    format: 'cifar100',
    description: `CIFAR-100 binary in ${files.dir}: train.bin + test.bin, ${fine ? 'fine (100 classes)' : 'coarse (20 classes)'} labels`,
    train: readBatches(files.train, 2, fine ? 1 : 0), test: readBatches([files.test], 2, fine ? 1 : 0), inputShape, numClasses: fine ? 100 : 20,
  };
}
