// A folder of IDX files as MNIST, Fashion-MNIST, KMNIST and EMNIST ship them: train and test images
// (rank 3, [N, H, W], or rank 4, [N, H, W, C]; rank 2, [N, features], reads as flat features) and labels
// (rank 1, [N]), named `[prefix]{train,t10k,test}-{images,labels}-idx{rank}-ubyte[.gz]`. Pixels are scaled
// to [0, 1]; images are read as stored (EMNIST's are transposed; that is the data's own convention).
import { join } from 'node:path';
import { CgesError } from '../util/errors.js';
import { dataError, listDir, readDataFile } from './data_files.js';
import { checkSameShape, type LoadOptions, type RawDataset, type RawSplit, unitPixels } from './dataset.js';
import { parseIdx } from './idx.js';

const IDX_NAME = /^(.*?)(train|t10k|test)-(images|labels)-idx([1-4])-ubyte(\.gz)?$/;

export interface IdxSetFiles {
  dir: string;
  train: { images: string; labels: string };
  test: { images: string; labels: string };
}

type Role = 'train images' | 'train labels' | 'test images' | 'test labels';
const ROLES: Role[] = ['train images', 'train labels', 'test images', 'test labels'];

/** The IDX set in `dir`: undefined when it holds no IDX file, an error when the set is partial or several. */
export function probeIdxSet(dir: string): IdxSetFiles | undefined {
  const sets = new Map<string, Map<Role, string>>();
  for (const name of listDir(dir)) {
    const match = IDX_NAME.exec(name);
    if (match === null) continue;
    const role = `${match[2] === 'train' ? 'train' : 'test'} ${match[3]}` as Role;
    const files = sets.get(match[1]) ?? new Map<Role, string>();
    sets.set(match[1], files);
    // An uncompressed file wins over its .gz twin; the listing is sorted, so the plain name comes first.
    if (!files.has(role)) files.set(role, name);
  }
  if (sets.size === 0) return undefined;
  if (sets.size > 1) {
    const prefixes = [...sets.keys()].map((prefix) => `'${prefix}'`).join(', ');
    throw new CgesError(`data directory ${dir} holds several IDX sets (file prefixes ${prefixes}); point at a folder holding one`);
  }
  const [prefix, files] = [...sets][0];
  const missing = ROLES.filter((role) => !files.has(role));
  if (missing.length > 0) {
    throw new CgesError(`IDX set in ${dir} is missing its ${missing.join(', ')} (${prefix}{train,t10k}-{images,labels}-idx*-ubyte[.gz])`);
  }
  const path = (role: Role): string => join(dir, files.get(role) ?? '');
  return {
    dir,
    train: { images: path('train images'), labels: path('train labels') },
    test: { images: path('test images'), labels: path('test labels') },
  };
}

function readImages(path: string): { shape: number[]; images: Float32Array } {
  const { dims, data } = parseIdx(path, readDataFile('IDX', path));
  if (dims.length < 2) throw dataError('IDX', path, `holds ${dims.length} dimension, images need 2 to 4 ([N, features], [N, H, W] or [N, H, W, C])`);
  const shape = dims.length === 3 ? [...dims.slice(1), 1] : dims.slice(1);
  return { shape, images: unitPixels(data) };
}

function readSplit(files: { images: string; labels: string }): { shape: number[]; split: RawSplit } {
  const { shape, images } = readImages(files.images);
  const { dims, data } = parseIdx(files.labels, readDataFile('IDX', files.labels));
  if (dims.length !== 1) throw dataError('IDX', files.labels, `holds ${dims.length} dimensions, labels need 1 ([N])`);
  return { shape, split: { images, labels: data, imagesFile: files.images, labelFiles: [{ path: files.labels, count: dims[0] }] } };
}

export function readIdxSet(files: IdxSetFiles, _options: LoadOptions): RawDataset {
  const train = readSplit(files.train);
  const test = readSplit(files.test);
  checkSameShape({ shape: train.shape, file: files.train.images }, { shape: test.shape, file: files.test.images });
  const kind = train.shape.length === 1 ? 'features' : 'images';
  return {
    format: 'idx',
    description: `IDX files in ${files.dir}: ${kind} [${train.shape.join(', ')}]`,
    train: train.split, test: test.split, inputShape: train.shape,
  };
}
