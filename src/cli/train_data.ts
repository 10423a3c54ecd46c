// The data a `cges train`, `cges eval` or `cges compact` run reads from `--data PATH`: an IDX folder as
// MNIST was always read (the first --train-size and --test-size examples, 28x28 images of 10 classes),
// or any other format src/data reads (CIFAR binary, NumPy arrays, an image folder, CSV), with its input
// shape and class count, which a built-in model is then built for. Flat features ([F], from CSV or
// NumPy) are given to the models as [1, 1, F] images: the same values in the same order.
import type * as tfl from '@tensorflow/tfjs-layers';
import { checkMnistDir, IMAGE_SIZE, loadMnist, NUM_CLASSES, type Split } from '../data/mnist.js';
import type { DataSplit } from '../data/dataset.js';
import { loadDataset } from '../data/load_dataset.js';
import { detectFormat } from '../data/detect.js';
import { CgesError } from '../util/errors.js';

export interface RunData {
  train: Split;
  test: Split;
  /** One example's shape, [height, width, channels]. */
  inputShape: [number, number, number];
  numClasses: number;
  /** What was read, for the log; null for an IDX folder read as MNIST. */
  description: string | null;
}

/** Labels as bytes, which training takes (at most 256 classes). */
function byteSplit(split: DataSplit, count: number | undefined, path: string): Split {
  if (!(split.labels instanceof Uint8Array)) {
    throw new CgesError(`${path} has more than 256 classes, which cges train cannot take yet`);
  }
  const perExample = split.count === 0 ? 0 : split.images.length / split.count;
  const n = Math.min(count ?? split.count, split.count);
  return { images: split.images.subarray(0, n * perExample), labels: split.labels.subarray(0, n), count: n };
}

function imageShape(shape: number[], path: string): [number, number, number] {
  if (shape.length === 1) return [1, 1, shape[0]];
  if (shape.length === 2) return [shape[0], shape[1], 1];
  if (shape.length === 3) return [shape[0], shape[1], shape[2]];
  throw new CgesError(`${path} holds examples of shape [${shape.join(', ')}], which the models cannot take`);
}

/**
 * Reads the data at `path`: for an IDX folder exactly the first `trainSize` and `testSize` examples of
 * MNIST's shape, for any other format at most that many of each split; undefined means all of a split.
 */
export async function loadRunData(path: string, trainSize?: number, testSize?: number): Promise<RunData> {
  if (detectFormat(path).format === 'idx') {
    const info = checkMnistDir(path, { trainSize, testSize });
    const sizes = { trainSize: trainSize ?? info.train, testSize: testSize ?? info.test };
    const { train, test } = loadMnist({ dir: path, ...sizes });
    return { train, test, inputShape: [IMAGE_SIZE, IMAGE_SIZE, 1], numClasses: NUM_CLASSES, description: null };
  }
  const dataset = await loadDataset(path);
  return {
    train: byteSplit(dataset.train, trainSize, path),
    test: byteSplit(dataset.test, testSize, path),
    inputShape: imageShape(dataset.inputShape, path),
    numClasses: dataset.numClasses,
    description: dataset.description,
  };
}

/** Refuses a model whose input is not the data's example shape. */
export function checkModelInput(model: tfl.LayersModel, inputShape: number[]): void {
  const [, ...shape] = model.inputs[0].shape;
  if (shape.join(',') !== inputShape.join(',')) {
    throw new CgesError(`model ${model.name} takes inputs [${shape.join(', ')}], but the data holds [${inputShape.join(', ')}]`);
  }
}

/** Refuses a model that scores fewer classes than the data has. */
export function checkModelOutput(model: tfl.LayersModel, numClasses: number): void {
  const shape = model.outputs[0].shape;
  const width = shape[shape.length - 1];
  if (shape.length !== 2 || typeof width !== 'number' || width < numClasses) {
    throw new CgesError(`model ${model.name} outputs [${shape.slice(1).join(', ')}], but the data has ${numClasses} classes`);
  }
}
