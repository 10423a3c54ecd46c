// One entry for every format: detect (or take) the format, read it, and run the shared checks.
// Nothing is written; a failure is a one-line CgesError naming the file at fault.
import { CgesError } from '../util/errors.js';
import { readCifar } from './cifar.js';
import { readCsv } from './csv.js';
import { DATA_FORMATS, type Dataset, finishDataset, type LoadOptions, type RawDataset } from './dataset.js';
import { type DetectedData, detectFormat } from './detect.js';
import { readIdxSet } from './idx_set.js';
import { readImageFolder } from './image_folder.js';
import { readNpySet } from './npy_set.js';

async function read(detected: DetectedData, options: LoadOptions): Promise<RawDataset> {
  switch (detected.format) {
    case 'idx': return readIdxSet(detected.files, options);
    case 'cifar10':
    case 'cifar100': return readCifar(detected.files, options);
    case 'npy': return readNpySet(detected.files, options);
    case 'csv': return readCsv(detected.files, options);
    case 'image-folder': return readImageFolder(detected.files, options);
  }
}

/**
 * Loads the labelled data set at `path`: train and test splits as float32 arrays ([N, ...inputShape],
 * images channels last) with class-index labels, the input shape and the class count.
 */
export async function loadDataset(path: string, options: LoadOptions = {}): Promise<Dataset> {
  if (options.format !== undefined && !DATA_FORMATS.includes(options.format)) {
    throw new CgesError(`format must be one of ${DATA_FORMATS.join(', ')}, got '${String(options.format)}'`);
  }
  return finishDataset(await read(detectFormat(path, options.format), options), options);
}
