// NumPy arrays as Python users export them: x_train.npy, y_train.npy, x_test.npy, y_test.npy in one
// folder. x is [N, H, W] (one channel), [N, H, W, C] or [N, features]; uint8 values are pixels and are
// scaled to [0, 1], float32 and float64 values are taken as they are (already normalised as the user
// wants; NaN and infinities are refused). y is [N] (or [N, 1]) integer class indices.
import { join } from 'node:path';
import { CgesError } from '../util/errors.js';
import { dataError, listDir, shapeSize } from './data_files.js';
import { checkSameShape, type LoadOptions, type RawDataset, type RawSplit } from './dataset.js';
import { npyValues, readNpy } from './npy.js';

const NAMES = ['x_train.npy', 'y_train.npy', 'x_test.npy', 'y_test.npy'] as const;

export interface NpySetFiles {
  dir: string;
  train: { x: string; y: string };
  test: { x: string; y: string };
}

/** The four .npy files in `dir`: undefined when none is there, an error when some are missing. */
export function probeNpySet(dir: string): NpySetFiles | undefined {
  const names = new Set(listDir(dir));
  const present = NAMES.filter((name) => names.has(name));
  if (present.length === 0) return undefined;
  const missing = NAMES.filter((name) => !names.has(name));
  if (missing.length > 0) throw new CgesError(`NumPy set in ${dir} has ${present.join(', ')} but is missing ${missing.join(', ')}`);
  return {
    dir,
    train: { x: join(dir, 'x_train.npy'), y: join(dir, 'y_train.npy') },
    test: { x: join(dir, 'x_test.npy'), y: join(dir, 'y_test.npy') },
  };
}

function readInputs(path: string): { shape: number[]; images: Float32Array } {
  const x = readNpy(path);
  if (x.shape.length < 2 || x.shape.length > 4) {
    throw dataError('NumPy', path, `has shape (${x.shape.join(', ')}); inputs need [N, features], [N, H, W] or [N, H, W, C]`);
  }
  const shape = x.shape.length === 3 ? [...x.shape.slice(1), 1] : x.shape.slice(1);
  const size = shapeSize(x.shape);
  if (x.dtype.kind === 'u' && x.dtype.bytes === 1) return { shape, images: npyValues(x, new Float32Array(size), 255) };
  if (x.dtype.kind !== 'f') {
    throw dataError('NumPy', path, `dtype '${x.dtype.descr}' is not supported for inputs; use uint8 pixels (scaled to [0, 1]) or float32/float64 values`);
  }
  return { shape, images: npyValues(x, new Float32Array(size)) };
}

function readLabels(path: string): Float64Array {
  const y = readNpy(path);
  if (y.dtype.kind === 'f') throw dataError('NumPy', path, `labels are ${y.dtype.descr} floats; save class indices as integers (y.astype(int))`);
  const [n, width] = y.shape;
  if (y.shape.length === 2 && width !== 1) {
    throw dataError('NumPy', path, `labels have shape (${y.shape.join(', ')}); save class indices of shape (N,) (one-hot rows: y.argmax(1))`);
  }
  if (y.shape.length < 1 || y.shape.length > 2) throw dataError('NumPy', path, `labels have shape (${y.shape.join(', ')}); save class indices of shape (N,)`);
  return npyValues(y, new Float64Array(n));
}

function readSplit(files: { x: string; y: string }): { shape: number[]; split: RawSplit } {
  const { shape, images } = readInputs(files.x);
  const labels = readLabels(files.y);
  return { shape, split: { images, labels, imagesFile: files.x, labelFiles: [{ path: files.y, count: labels.length }] } };
}

export function readNpySet(files: NpySetFiles, _options: LoadOptions): RawDataset {
  const train = readSplit(files.train);
  const test = readSplit(files.test);
  checkSameShape({ shape: train.shape, file: files.train.x }, { shape: test.shape, file: files.test.x });
  return {
    format: 'npy',
    description: `NumPy arrays in ${files.dir}: examples [${train.shape.join(', ')}]`,
    train: train.split, test: test.split, inputShape: train.shape,
  };
}
