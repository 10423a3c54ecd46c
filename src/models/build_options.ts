// Options shared by every model builder.
import { CgesError } from '../util/errors.js';

export interface BuildOptions {
  /** Makes every initialiser deterministic; the same seed builds identical weights. */
  seed?: number;
  /** Shape of one example, channels last ([H, W, C]); MNIST's [28, 28, 1] by default. */
  inputShape?: number[];
  /** Classes the logits layer scores; 10 by default. */
  numClasses?: number;
}

export const MNIST_INPUT_SHAPE = [28, 28, 1];
export const MNIST_CLASSES = 10;

/** The input shape and class count a model is built for, checked. */
export function dataShape(options: BuildOptions): { inputShape: number[]; numClasses: number } {
  const inputShape = options.inputShape ?? MNIST_INPUT_SHAPE;
  const numClasses = options.numClasses ?? MNIST_CLASSES;
  if (inputShape.length !== 3 || !inputShape.every((d) => Number.isSafeInteger(d) && d > 0)) {
    throw new CgesError(`a built-in model takes images [height, width, channels], got [${inputShape.join(', ')}]`);
  }
  if (!Number.isSafeInteger(numClasses) || numClasses < 2) {
    throw new CgesError(`a built-in model scores at least 2 classes, got ${numClasses}`);
  }
  return { inputShape: [...inputShape], numClasses };
}

/** A distinct seed for the k-th seeded initialiser of a model, or undefined for an unseeded build. */
export function layerSeed(options: BuildOptions, k: number): number | undefined {
  return options.seed === undefined ? undefined : options.seed * 1000 + k;
}
