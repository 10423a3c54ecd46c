// The equality proof of compaction: run the original and the compacted model on the same inputs and
// compare their logits. The difference is measured against the scale of the original logits (their
// largest magnitude), since float32 sums summed in a different order differ relative to their size.
import * as tf from '@tensorflow/tfjs-core';
import { selectFeatures } from './input_selection.js';
import type * as tfl from '@tensorflow/tfjs-layers';
import { CgesError } from '../util/errors.js';

/** Largest accepted max |logit difference|, relative to the logits' scale. */
export const LOGIT_TOLERANCE = 1e-4;

export interface LogitComparison {
  maxAbsDiff: number;
  /** max |original logit| over all inputs. */
  scale: number;
  /** Predicted class per input, for accuracy. */
  predictedBefore: Int32Array;
  predictedAfter: Int32Array;
}

/** Raised when the compacted model does not compute what the original does: a bug, never user input. */
export class CompactionMismatchError extends Error {
  override readonly name = 'CompactionMismatchError';
}

function predictBatch(model: tfl.LayersModel, x: tf.Tensor): tf.Tensor2D {
  const out = model.predict(x, { batchSize: x.shape[0] });
  if (Array.isArray(out) || out.rank !== 2) {
    throw new CgesError(`model ${model.name} must output one [batch, classes] tensor`);
  }
  return tf.reshape(out, [out.shape[0], out.shape[1] ?? 1]);
}

/** Runs both models on `inputs` ([N, ...input shape]) in batches and compares their outputs. */
export function compareLogits(
  original: tfl.LayersModel, compacted: tfl.LayersModel, inputs: tf.Tensor, batchSize = 500,
  inputFeatures: readonly number[] | null = null,
): LogitComparison {
  const count = inputs.shape[0];
  const comparison: LogitComparison = {
    maxAbsDiff: 0, scale: 0, predictedBefore: new Int32Array(count), predictedAfter: new Int32Array(count),
  };
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    const [diff, scale, before, after] = tf.tidy(() => {
      const x = tf.slice(inputs, start, size);
      const a = predictBatch(original, x);
      const b = predictBatch(compacted, inputFeatures === null ? x : selectFeatures(x, inputFeatures));
      return [tf.max(tf.abs(tf.sub(a, b))), tf.max(tf.abs(a)), tf.argMax(a, 1), tf.argMax(b, 1)];
    });
    comparison.maxAbsDiff = Math.max(comparison.maxAbsDiff, diff.dataSync()[0]);
    comparison.scale = Math.max(comparison.scale, scale.dataSync()[0]);
    comparison.predictedBefore.set(before.dataSync(), start);
    comparison.predictedAfter.set(after.dataSync(), start);
    tf.dispose([diff, scale, before, after]);
  }
  return comparison;
}

/** Whether the logits agree to within LOGIT_TOLERANCE of their scale (NaN never agrees). */
export function logitsAgree(comparison: LogitComparison, tolerance = LOGIT_TOLERANCE): boolean {
  return comparison.maxAbsDiff <= tolerance * comparison.scale;
}

export function assertLogitsAgree(comparison: LogitComparison, tolerance = LOGIT_TOLERANCE): void {
  if (logitsAgree(comparison, tolerance)) return;
  throw new CompactionMismatchError(
    `compacted model differs: max |logit difference| ${comparison.maxAbsDiff} exceeds ` +
    `${tolerance} x logit scale ${comparison.scale}`,
  );
}

/** Uniform [0, 1) inputs shaped for the model's single input, for checking equality without data. */
export function randomInputs(model: tfl.LayersModel, count: number, seed = 1): tf.Tensor {
  const [, ...shape] = model.inputs[0].shape;
  if (shape.some((d) => d === null)) {
    throw new CgesError(`model ${model.name} has an input of unknown size; pass inputs to check it on`);
  }
  return tf.randomUniform([count, ...shape.map((d) => d ?? 0)], 0, 1, 'float32', seed);
}
