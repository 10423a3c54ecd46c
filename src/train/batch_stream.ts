// Training data that is not arrays in memory: labelled tensors (read once into arrays, then batched
// exactly as arrays are), or a tf.data.Dataset of batches streamed as it yields them, for data larger
// than memory. A stream's order is its pipeline's; each pass over it (one `iterator()` call) is an epoch.
// Resuming a stream: a replayable pipeline (one whose n-th iterator() call yields the same batches in
// every process, e.g. tf.data's shuffle with a seed) is replayed to the saved epoch and batch by opening
// as many iterators and skipping the batches already trained on; any other restarts the saved epoch from
// its start, and says so.
// Batches: xs [B, H, W, C] float32; ys one-hot [B, classes] or class ids [B], handed on as int32 ids.
import * as tf from '@tensorflow/tfjs-core';
import { CgesError } from '../util/errors.js';
import type { Batch, LabelledImages, SamplerState } from './batches.js';

/** One element of the pipeline, as model.fitDataset takes it. */
export interface TensorBatch {
  xs: tf.Tensor;
  ys: tf.Tensor;
}

/** What training reads of a tf.data.Dataset (tfjs-data's Dataset<{xs, ys}> is one): a fresh iterator per pass. */
export interface BatchDataset {
  iterator(): Promise<{ next(): Promise<IteratorResult<TensorBatch>> }>;
}

/** A tf.data pipeline of batches, and whether it can be replayed on resume (see above). */
export interface StreamedData {
  dataset: BatchDataset;
  replayable?: boolean;
}

/** Labelled examples as tensors: xs [N, H, W, C], ys one-hot [N, classes] or class ids [N]. */
export type LabelledTensors = TensorBatch;

/** Where training batches come from: what TrainState keeps and the checkpoint saves the position of. */
export interface BatchSource {
  getState(): SamplerState;
  setState(state: SamplerState): void;
  next(): Batch | Promise<Batch>;
}

export type TrainingData = LabelledImages | LabelledTensors | StreamedData;

export function isStreamed(data: TrainingData): data is StreamedData {
  return 'dataset' in data;
}

export function isLabelledTensors(data: TrainingData): data is LabelledTensors {
  return 'xs' in data && data.xs instanceof tf.Tensor;
}

/** Class ids [B] int32 from one-hot [B, classes] or ids [B]; `ys` is left to the caller. */
function classIds(ys: tf.Tensor, what: string): tf.Tensor {
  if (ys.rank === 2) return tf.argMax(ys, 1);
  if (ys.rank === 1) return tf.cast(ys, 'int32');
  throw new CgesError(`${what} labels must be one-hot [batch, classes] or class ids [batch], got shape [${ys.shape}]`);
}

/** Labelled tensors read into arrays (the tensors are left as they are). */
export function imagesFromTensors(data: LabelledTensors, what: string): LabelledImages {
  const count = data.xs.shape[0];
  if (data.xs.rank < 2 || data.ys.shape[0] !== count) {
    throw new CgesError(`${what} tensors must be xs [N, H, W, C] or [N, F] and ys of N labels, got [${data.xs.shape}] and [${data.ys.shape}]`);
  }
  const ids = classIds(data.ys, what);
  const labels = Int32Array.from(ids.dataSync());
  ids.dispose();
  return { images: Float32Array.from(data.xs.dataSync()), labels, count };
}

/** The batches of a tf.data pipeline, one pass per epoch. */
export class StreamSampler implements BatchSource {
  private iterator: Awaited<ReturnType<BatchDataset['iterator']>> | undefined;
  private epoch = 0;
  private cursor = 0;
  /** Iterators opened: the pipeline's own count of passes, which a replay must reach again. */
  private opened = 0;

  constructor(
    private readonly data: StreamedData,
    private readonly exampleShape: number[],
    private readonly notice: (message: string) => void,
  ) {}

  /** The position in the stream; the RNG field is unused (the pipeline shuffles, if anything). */
  getState(): SamplerState {
    return { epoch: this.epoch, cursor: this.cursor, epochRng: [0, 0, 0, 1] };
  }

  setState(state: SamplerState): void {
    if (!Number.isSafeInteger(state.epoch) || state.epoch < 0 || !Number.isSafeInteger(state.cursor) || state.cursor < 0) {
      throw new CgesError(`sampler state is invalid: epoch ${state.epoch}, cursor ${state.cursor}`);
    }
    this.epoch = state.epoch;
    this.cursor = state.cursor;
    this.iterator = undefined;
  }

  async next(): Promise<Batch> {
    if (this.iterator === undefined) await this.open();
    for (let attempt = 0; attempt < 2; attempt++) {
      const result = await this.iterator?.next();
      if (result !== undefined && !result.done) {
        this.cursor++;
        return this.batch(result.value);
      }
      // The pass ended: the next one is the next epoch. A pass with no batch at all is an empty pipeline.
      if (this.cursor === 0) break;
      this.epoch++;
      this.cursor = 0;
      this.iterator = await this.openIterator();
    }
    throw new CgesError('the training dataset yielded no batches');
  }

  private async openIterator(): Promise<Awaited<ReturnType<BatchDataset['iterator']>>> {
    this.opened++;
    return this.data.dataset.iterator();
  }

  /** The iterator of the current epoch, at the current batch: replayed, or the epoch restarted. */
  private async open(): Promise<void> {
    if (this.opened > 0) {
      throw new CgesError('the training dataset has already been read: give a fresh one to resume from a saved position');
    }
    if (!this.data.replayable) {
      if (this.cursor > 0) {
        this.notice(`the training dataset cannot be replayed: epoch ${this.epoch} restarts from its first batch ` +
          `(${this.cursor} batches of it are trained on again)`);
      }
      this.cursor = 0;
      this.iterator = await this.openIterator();
      return;
    }
    // Passes before the saved epoch are opened and left unread: a seeded shuffle draws its order per pass.
    while (this.opened < this.epoch) await this.openIterator();
    this.iterator = await this.openIterator();
    for (let skipped = 0; skipped < this.cursor; skipped++) {
      const result = await this.iterator.next();
      if (result.done) throw new CgesError(`the training dataset's epoch ${this.epoch} ends before batch ${this.cursor}: it did not replay`);
      tf.dispose([result.value.xs, result.value.ys]);
    }
  }

  private batch(value: TensorBatch): Batch {
    const { xs, ys } = value;
    const expected = this.exampleShape.join(',');
    if (xs.shape.slice(1).join(',') !== expected || ys.shape[0] !== xs.shape[0]) {
      tf.dispose([xs, ys]);
      throw new CgesError(`a training batch must be xs [B, ${expected}] with B labels, got xs [${xs.shape}] and ys [${ys.shape}]`);
    }
    const labels = classIds(ys, 'training');
    if (labels !== ys) ys.dispose();
    if (xs.dtype === 'float32') return { xs, labels };
    const images = tf.cast(xs, 'float32');
    xs.dispose();
    return { xs: images, labels };
  }
}
