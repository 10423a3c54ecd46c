// The data a `cges train`, `cges eval` or `cges compact` run reads from `--data PATH`: an IDX folder as
// MNIST was always read (the first --train-size and --test-size examples, 28x28 images of 10 classes),
// or any other format src/data reads (CIFAR binary, NumPy arrays, an image folder, CSV), with its input
// shape and class count, which a built-in model is then built for. Flat features ([F], from CSV or
// NumPy) are given to the built-in models as [1, 1, F] images, and to a user's model that takes [F] as
// they are: the same values in the same order either way.
import type * as tfl from '@tensorflow/tfjs-layers';
import { checkMnistDir, IMAGE_SIZE, loadMnist, NUM_CLASSES } from '../data/mnist.js';
import type { DataSplit } from '../data/dataset.js';
import { loadDataset } from '../data/load_dataset.js';
import { detectFormat } from '../data/detect.js';
import { exampleRange, holdOutValidation, joinSplits, type ValidationAmount } from '../data/validation.js';
import { CgesError } from '../util/errors.js';

export interface RunData {
  train: DataSplit;
  /** Examples held out of training to choose by; null when the run has none. */
  val: DataSplit | null;
  test: DataSplit;
  /** One example's shape, [height, width, channels]. */
  inputShape: [number, number, number];
  numClasses: number;
  /** What was read, for the log; null for an IDX folder read as MNIST without a validation split. */
  description: string | null;
}

/**
 * Where validation examples come from: none; the data's own default (an IDX folder's training examples
 * after the trained ones, at most DEFAULT_VALIDATION_EXAMPLES; none for other formats); a share of the
 * training examples held out; or every example of another data set.
 */
export type ValidationSource = 'none' | 'default' | { split: ValidationAmount; seed: number } | { path: string };

/** The original experiment's validation size: MNIST's training examples after the first 55,000. */
export const DEFAULT_VALIDATION_EXAMPLES = 5000;

function firstExamples(split: DataSplit, count: number | undefined): DataSplit {
  return exampleRange(split, 0, Math.min(count ?? split.count, split.count));
}

function imageShape(shape: number[], path: string): [number, number, number] {
  if (shape.length === 1) return [1, 1, shape[0]];
  if (shape.length === 2) return [shape[0], shape[1], 1];
  if (shape.length === 3) return [shape[0], shape[1], shape[2]];
  throw new CgesError(`${path} holds examples of shape [${shape.join(', ')}], which the models cannot take`);
}

/** An IDX folder as MNIST: the first trainSize training examples, and by default the next ones as validation. */
function loadIdxRunData(path: string, trainSize: number | undefined, testSize: number | undefined, withDefault: boolean): RunData {
  const info = checkMnistDir(path, { trainSize, testSize });
  const trained = trainSize ?? info.train;
  const held = withDefault ? Math.min(DEFAULT_VALIDATION_EXAMPLES, info.train - trained) : 0;
  const { train, test } = loadMnist({ dir: path, trainSize: trained + held, testSize: testSize ?? info.test });
  const val = held > 0 ? exampleRange(train, trained, trained + held) : null;
  return {
    train: exampleRange(train, 0, trained), val, test, inputShape: [IMAGE_SIZE, IMAGE_SIZE, 1], numClasses: NUM_CLASSES,
    description: val === null ? null : `validation: training examples ${trained + 1}-${trained + held} of ${path}`,
  };
}

/** Every example at `path`, checked against the training data's example shape and class count. */
async function loadValidationSet(path: string, data: RunData): Promise<DataSplit> {
  const other = await loadRunData(path);
  if (other.inputShape.join() !== data.inputShape.join()) {
    throw new CgesError(`validation data ${path} holds examples of [${other.inputShape.join(', ')}], ` +
      `but the training data's are [${data.inputShape.join(', ')}]`);
  }
  if (other.numClasses > data.numClasses) {
    throw new CgesError(`validation data ${path} has ${other.numClasses} classes, the training data ${data.numClasses}`);
  }
  return joinSplits(other.train, other.test);
}

/** The data as it is, then the validation examples `validation` asks for. */
async function withValidation(data: RunData, validation: ValidationSource): Promise<RunData> {
  if (validation === 'none' || validation === 'default') return data;
  if ('path' in validation) {
    const val = await loadValidationSet(validation.path, data);
    return { ...data, val, description: `${data.description ?? 'MNIST'}; validation: ${val.count} examples of ${validation.path}` };
  }
  const { train, val } = holdOutValidation(data.train, validation.split, validation.seed);
  const note = `validation: ${val.count} of the ${data.train.count} training examples held out`;
  return { ...data, train, val, description: data.description === null ? note : `${data.description}; ${note}` };
}

/**
 * Reads the data at `path`: for an IDX folder exactly the first `trainSize` and `testSize` examples of
 * MNIST's shape, for any other format at most that many of each split; undefined means all of a split.
 * `validation` says where validation examples come from (none by default).
 */
export async function loadRunData(
  path: string, trainSize?: number, testSize?: number, validation: ValidationSource = 'none',
): Promise<RunData> {
  if (detectFormat(path).format === 'idx') {
    return withValidation(loadIdxRunData(path, trainSize, testSize, validation === 'default'), validation);
  }
  const dataset = await loadDataset(path);
  return withValidation({
    train: firstExamples(dataset.train, trainSize),
    val: null,
    test: firstExamples(dataset.test, testSize),
    inputShape: imageShape(dataset.inputShape, path),
    numClasses: dataset.numClasses,
    description: dataset.description,
  }, validation);
}

/** Flat features ([F]) as the run data holds them, [1, 1, F]. */
function isFlat(shape: readonly (number | null)[]): boolean {
  return shape.length === 3 && shape[0] === 1 && shape[1] === 1;
}

/**
 * The shape the model takes one example in: the data's, or [F] for flat features fed to a model that
 * takes them flat. Refuses a model whose input is neither.
 */
export function checkModelInput(model: tfl.LayersModel, inputShape: number[]): number[] {
  // The data is one array of examples; a model of several inputs (or outputs) would need one per input.
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
    throw new CgesError(`model ${model.name} has ${count(model.inputs.length, 'input')} and ${count(model.outputs.length, 'output')}; ` +
      'cges trains, compacts and evaluates models of one input and one output');
  }
  const [, ...shape] = model.inputs[0].shape;
  if (shape.join(',') === inputShape.join(',')) return inputShape;
  if (isFlat(inputShape) && shape.length === 1 && shape[0] === inputShape[2]) return [inputShape[2]];
  const data = isFlat(inputShape) ? `[${inputShape[2]}] features` : `[${inputShape.join(', ')}]`;
  throw new CgesError(`model ${model.name} takes inputs [${shape.join(', ')}], but the data holds ${data}`);
}

/** Refuses a model that scores fewer classes than the data has. */
export function checkModelOutput(model: tfl.LayersModel, numClasses: number): void {
  const shape = model.outputs[0].shape;
  const width = shape[shape.length - 1];
  if (shape.length !== 2 || typeof width !== 'number' || width < numClasses) {
    throw new CgesError(`model ${model.name} outputs [${shape.slice(1).join(', ')}], but the data has ${numClasses} classes`);
  }
}
