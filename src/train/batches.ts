// Minibatches of a labelled image set. Training batches follow a seeded per-epoch shuffle: each epoch is
// one permutation of the examples, walked in order; a batch that crosses the end of an epoch takes the
// rest of this permutation and the start of the next, so every example is seen once per epoch.
// Tensors: examples [B, ...shape] float32 as stored (images [B, H, W, C], or [B, F] for a model that takes
// flat features), labels one-hot [B, classes] float32 or int32 [B].
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Labels } from '../data/dataset.js';
import { CgesError } from '../util/errors.js';
import { augmentImages, augmentPad, batchDraws, imageShapeOf, type AugmentOptions } from './augment.js';
import { Rng, type RngState } from './rng.js';

/** Images and labels in memory (src/data's DataSplit and MNIST Split have this shape). */
export interface LabelledImages {
  /** [count, ...example shape] row-major: images channels last, or rows of features. */
  images: Float32Array;
  /** Class ids: bytes up to 256 classes, Int32Array beyond; a batch holds either as the same tensors. */
  labels: Labels;
  count: number;
}

export type LabelFormat = 'onehot' | 'int';

const MNIST_SHAPE = [28, 28, 1];

export interface Batch {
  xs: tf.Tensor;
  labels: tf.Tensor;
}

export interface BatchOptions {
  /** Shape of one example ([H, W, C] images, or [F] features); MNIST's [28, 28, 1] by default. */
  exampleShape?: number[];
  labels?: LabelFormat;
  numClasses?: number;
  /** Training batches only: random crops and flips (augment.ts), drawn from the seed and the batch's position. */
  augment?: AugmentOptions;
}

/** Where the sampler stands: enough to replay the exact same batches after a restore. */
export interface SamplerState {
  epoch: number;
  /** Examples of this epoch's permutation already used. */
  cursor: number;
  /** The RNG state just before this epoch's permutation was drawn. */
  epochRng: RngState;
}

/** The shape of one example a model takes: [H, W, C] for images, [F] for flat features. */
export function modelExampleShape(model: tfl.LayersModel): number[] {
  const [, ...shape] = model.inputs[0].shape;
  if (shape.length === 0 || !shape.every((d): d is number => typeof d === 'number')) {
    throw new CgesError(`model "${model.name}" must take inputs of a fixed shape, [batch, height, width, channels] or [batch, features], ` +
      `not [${model.inputs[0].shape.map((d) => d ?? 'null').join(', ')}]`);
  }
  return shape;
}

function shapeSize(shape: number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** The number of classes a model scores: the width of its [batch, classes] logits. */
export function modelClasses(model: tfl.LayersModel): number {
  const classes = model.outputs[0].shape[1];
  if (typeof classes !== 'number' || model.outputs[0].shape.length !== 2) {
    throw new CgesError(`model "${model.name}" must output [batch, classes] logits`);
  }
  return classes;
}

export function checkImages(data: LabelledImages, exampleShape: number[], what: string): void {
  const perExample = shapeSize(exampleShape);
  if (data.count <= 0) throw new CgesError(`${what} set is empty`);
  if (data.images.length !== data.count * perExample || data.labels.length !== data.count) {
    throw new CgesError(`${what} set holds ${data.images.length} pixels and ${data.labels.length} labels ` +
      `for ${data.count} examples of ${exampleShape.join('x')}`);
  }
}

/** Builds the tensors of the examples at `indices` (in that order); `edit` may change the pixels first. */
export function gatherBatch(
  data: LabelledImages, indices: ArrayLike<number>, options: BatchOptions = {}, edit?: (pixels: Float32Array) => void,
): Batch {
  const shape = options.exampleShape ?? MNIST_SHAPE;
  const format = options.labels ?? 'onehot';
  const classes = options.numClasses ?? 10;
  const perExample = shapeSize(shape);
  const size = indices.length;
  const pixels = new Float32Array(size * perExample);
  const labels = format === 'onehot' ? new Float32Array(size * classes) : new Int32Array(size);
  for (let b = 0; b < size; b++) {
    const i = indices[b];
    pixels.set(data.images.subarray(i * perExample, (i + 1) * perExample), b * perExample);
    const label = data.labels[i];
    if (label < 0 || label >= classes) throw new CgesError(`label ${label} of example ${i} is not below ${classes} classes`);
    if (format === 'onehot') labels[b * classes + label] = 1;
    else labels[b] = label;
  }
  edit?.(pixels);
  const xs = tf.tensor(pixels, [size, ...shape]);
  const labelTensor = format === 'onehot' ? tf.tensor2d(labels, [size, classes]) : tf.tensor1d(labels, 'int32');
  return { xs, labels: labelTensor };
}

/** The examples [start, start + size) in stored order, clipped at the end (for evaluation). */
export function sequentialBatch(data: LabelledImages, start: number, size: number, options: BatchOptions = {}): Batch {
  const end = Math.min(data.count, start + size);
  const indices = Array.from({ length: Math.max(0, end - start) }, (_, k) => start + k);
  return gatherBatch(data, indices, options);
}

export class BatchSampler {
  private readonly rng: Rng;
  private readonly order: Uint32Array;
  private readonly augmentPad: number | undefined;
  private state!: SamplerState;

  constructor(
    private readonly data: LabelledImages,
    private readonly batchSize: number,
    private readonly seed: number,
    private readonly options: BatchOptions = {},
  ) {
    if (!Number.isSafeInteger(batchSize) || batchSize <= 0) {
      throw new CgesError(`batch size must be a positive integer, got ${batchSize}`);
    }
    checkImages(data, options.exampleShape ?? MNIST_SHAPE, 'training');
    this.augmentPad = options.augment === undefined ? undefined : augmentPad(options.exampleShape ?? MNIST_SHAPE, options.augment);
    this.rng = new Rng(seed);
    this.order = new Uint32Array(data.count);
    this.startEpoch(0);
  }

  getState(): SamplerState {
    return { ...this.state, epochRng: [...this.state.epochRng] };
  }

  /** Restores a saved position: redraws that epoch's permutation from its saved RNG state. */
  setState(state: SamplerState): void {
    if (!Number.isSafeInteger(state.epoch) || state.epoch < 0 ||
      !Number.isSafeInteger(state.cursor) || state.cursor < 0 || state.cursor > this.data.count) {
      throw new CgesError(`sampler state is invalid: epoch ${state.epoch}, cursor ${state.cursor}`);
    }
    this.rng.setState(state.epochRng);
    this.startEpoch(state.epoch);
    this.state.cursor = state.cursor;
  }

  /** The next batch's example indices, advancing the cursor. */
  nextIndices(): Uint32Array {
    const indices = new Uint32Array(this.batchSize);
    for (let b = 0; b < this.batchSize; b++) {
      if (this.state.cursor === this.data.count) this.startEpoch(this.state.epoch + 1);
      indices[b] = this.order[this.state.cursor++];
    }
    return indices;
  }

  /** The next batch as tensors, augmented if asked; the caller disposes them. */
  next(): Batch {
    // Where the batch starts identifies it within the run: its augmentation draws are keyed by it.
    const key = [this.seed, this.state.epoch, this.state.cursor];
    const indices = this.nextIndices();
    const pad = this.augmentPad;
    if (pad === undefined) return gatherBatch(this.data, indices, this.options);
    const shape = imageShapeOf(this.options.exampleShape ?? MNIST_SHAPE);
    const draws = batchDraws(indices.length, pad, this.options.augment?.flip ?? true, key);
    return gatherBatch(this.data, indices, this.options, (pixels) => augmentImages(pixels, shape, pad, draws));
  }

  private startEpoch(epoch: number): void {
    const epochRng = this.rng.getState();
    for (let i = 0; i < this.order.length; i++) this.order[i] = i;
    this.rng.shuffle(this.order);
    this.state = { epoch, cursor: 0, epochRng };
  }
}
