// Which format a data path holds. Each format's probe says "not mine" (undefined), "mine, these files",
// or throws for a set that is clearly meant but incomplete; when nothing fits, the error lists every
// layout looked for.
import { existsSync } from 'node:fs';
import { CgesError } from '../util/errors.js';
import { type CifarFiles, probeCifar } from './cifar.js';
import { type CsvFiles, probeCsv } from './csv.js';
import { isDirectory } from './data_files.js';
import type { DataFormat } from './dataset.js';
import { type IdxSetFiles, probeIdxSet } from './idx_set.js';
import { type ImageFolderFiles, probeImageFolder } from './image_folder.js';
import { type NpySetFiles, probeNpySet } from './npy_set.js';

export type DetectedData =
  | { format: 'idx'; files: IdxSetFiles }
  | { format: 'cifar10' | 'cifar100'; files: CifarFiles }
  | { format: 'npy'; files: NpySetFiles }
  | { format: 'csv'; files: CsvFiles }
  | { format: 'image-folder'; files: ImageFolderFiles };

/** What each format looks like on disk, as the "nothing fits" error lists it. */
export const FORMAT_LAYOUTS: Record<DataFormat, string> = {
  idx: 'IDX files ([prefix]train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, optionally .gz)',
  cifar10: 'CIFAR-10 binary (data_batch_1.bin .. data_batch_5.bin, test_batch.bin)',
  cifar100: 'CIFAR-100 binary (train.bin, test.bin)',
  npy: 'NumPy arrays (x_train.npy, y_train.npy, x_test.npy, y_test.npy)',
  csv: 'CSV (a .csv file, or train.csv and test.csv)',
  'image-folder': 'an image folder (one subfolder of PNG/JPEG images per class, optionally under train/ and test/)',
};

function probeDirectory(path: string): DetectedData[] {
  const found: DetectedData[] = [];
  const idx = probeIdxSet(path);
  if (idx !== undefined) found.push({ format: 'idx', files: idx });
  const cifar = probeCifar(path);
  if (cifar !== undefined) found.push({ format: cifar.format, files: cifar });
  const npy = probeNpySet(path);
  if (npy !== undefined) found.push({ format: 'npy', files: npy });
  const csv = probeCsv(path);
  if (csv !== undefined) found.push({ format: 'csv', files: csv });
  // A folder of images is the loosest layout: tried only when no file set matched.
  if (found.length === 0) {
    const images = probeImageFolder(path);
    if (images !== undefined) found.push({ format: 'image-folder', files: images });
  }
  return found;
}

function lookedFor(formats: DataFormat[]): string {
  return formats.map((format) => FORMAT_LAYOUTS[format]).join('; ');
}

/** Detects the data format at `path` (a folder, or a .csv file); with `format`, only that one is tried. */
export function detectFormat(path: string, format?: DataFormat): DetectedData {
  if (!existsSync(path)) throw new CgesError(`data path ${path} does not exist`);
  const found = isDirectory(path) ? probeDirectory(path) : [probeCsv(path)].flatMap((csv) => (csv === undefined ? [] : [{ format: 'csv' as const, files: csv }]));
  const wanted = format === undefined ? found : found.filter((data) => data.format === format);
  if (wanted.length === 1) return wanted[0];
  if (wanted.length > 1) {
    throw new CgesError(`data path ${path} holds several data sets (${wanted.map((data) => data.format).join(', ')}); say which with format`);
  }
  const formats = format === undefined ? (Object.keys(FORMAT_LAYOUTS) as DataFormat[]) : [format];
  const what = isDirectory(path) ? 'folder' : 'file';
  throw new CgesError(`no data set found in ${what} ${path}; looked for ${lookedFor(formats)}`);
}
