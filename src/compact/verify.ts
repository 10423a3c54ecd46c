// The equality proof of compaction: run the original and the compacted model on the same inputs and
// compare their outputs, every output of a model with several. Each output's difference is measured
// against its own scale (its largest magnitude in the original), since float32 sums summed in a different
// order differ relative to their size, and one output's large values must not hide another's difference.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { CgesError } from '../util/errors.js';
import { selectFeatures } from './input_selection.js';

/** Largest accepted max |logit difference|, relative to the logits' scale. */
export const LOGIT_TOLERANCE = 1e-4;

/** A model's inputs: one tensor [N, ...input shape], or one per input of a model with several. */
export type ModelInputs = tf.Tensor | tf.Tensor[];

export interface OutputComparison {
  maxAbsDiff: number;
  /** max |original output| over all inputs. */
  scale: number;
}

export interface LogitComparison extends OutputComparison {
  /** Each output's figures, in the model's order; the top-level ones are those furthest from agreeing. */
  outputs: OutputComparison[];
  /** Predicted class per input (the first output's argmax), for accuracy. */
  predictedBefore: Int32Array;
  predictedAfter: Int32Array;
}

/** Raised when the compacted model does not compute what the original does: a bug, never user input. */
export class CompactionMismatchError extends Error {
  override readonly name = 'CompactionMismatchError';
}

/** Every output of `model` on `x`, each as [batch, features]. */
function predictBatch(model: tfl.LayersModel, x: ModelInputs, size: number): tf.Tensor2D[] {
  const out = model.predict(x, { batchSize: size });
  return (Array.isArray(out) ? out : [out]).map((y) => tf.reshape(y, [size, -1]));
}

/** How far an output is from agreeing: its difference over its scale; NaN when either is NaN. */
function disagreement({ maxAbsDiff, scale }: OutputComparison): number {
  if (Number.isNaN(maxAbsDiff) || Number.isNaN(scale)) return Number.NaN;
  return maxAbsDiff === 0 ? 0 : maxAbsDiff / scale;
}

/** The index of the output furthest from agreeing (a NaN first). */
function worstOutput(outputs: OutputComparison[]): number {
  let worst = 0;
  outputs.forEach((output, i) => {
    const [a, b] = [disagreement(outputs[worst]), disagreement(output)];
    if (!Number.isNaN(a) && (Number.isNaN(b) || b > a)) worst = i;
  });
  return worst;
}

/**
 * Runs both models on `inputs` (first axis N) in batches and compares every output; the compacted model
 * gets only `inputFeatures` of the (one) input when it takes only those.
 */
export function compareLogits(
  original: tfl.LayersModel, compacted: tfl.LayersModel, inputs: ModelInputs, batchSize = 500,
  inputFeatures: readonly number[] | null = null,
): LogitComparison {
  const list = Array.isArray(inputs) ? inputs : [inputs];
  const count = list[0].shape[0];
  const outputs = original.outputs.map((): OutputComparison => ({ maxAbsDiff: 0, scale: 0 }));
  const predictedBefore = new Int32Array(count);
  const predictedAfter = new Int32Array(count);
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    const [diffs, scales, before, after] = tf.tidy(() => {
      const sliced = list.map((x) => tf.slice(x, start, size));
      const x = Array.isArray(inputs) ? sliced : sliced[0];
      const a = predictBatch(original, x, size);
      // A compacted model that takes only some input features (one input) is fed those.
      const b = predictBatch(compacted, inputFeatures === null ? x : selectFeatures(sliced[0], inputFeatures), size);
      if (a.length !== b.length) throw new CompactionMismatchError(`compacted model has ${b.length} outputs, not ${a.length}`);
      return [
        tf.stack(a.map((y, i) => tf.max(tf.abs(tf.sub(y, b[i]))))), tf.stack(a.map((y) => tf.max(tf.abs(y)))),
        tf.argMax(a[0], 1), tf.argMax(b[0], 1),
      ];
    });
    const [diff, scale] = [diffs.dataSync(), scales.dataSync()];
    outputs.forEach((output, i) => {
      // Math.max drops nothing: a NaN difference stays NaN.
      output.maxAbsDiff = Math.max(output.maxAbsDiff, diff[i]);
      output.scale = Math.max(output.scale, scale[i]);
    });
    predictedBefore.set(before.dataSync(), start);
    predictedAfter.set(after.dataSync(), start);
    tf.dispose([diffs, scales, before, after]);
  }
  return { ...outputs[worstOutput(outputs)], outputs, predictedBefore, predictedAfter };
}

/** Whether the logits agree to within LOGIT_TOLERANCE of their scale (NaN never agrees). */
export function logitsAgree(comparison: LogitComparison, tolerance = LOGIT_TOLERANCE): boolean {
  return comparison.maxAbsDiff <= tolerance * comparison.scale;
}

export function assertLogitsAgree(comparison: LogitComparison, tolerance = LOGIT_TOLERANCE): void {
  if (logitsAgree(comparison, tolerance)) return;
  const { outputs } = comparison;
  const which = outputs.length > 1 ? ` (output ${worstOutput(outputs) + 1} of ${outputs.length})` : '';
  throw new CompactionMismatchError(
    `compacted model differs${which}: max |logit difference| ${comparison.maxAbsDiff} exceeds ` +
    `${tolerance} x logit scale ${comparison.scale}`,
  );
}

function randomInput(model: tfl.LayersModel, input: tfl.SymbolicTensor, count: number, seed: number): tf.Tensor {
  const [, ...shape] = input.shape;
  if (shape.some((d) => d === null)) {
    throw new CgesError(`model ${model.name} has an input of unknown size; pass inputs to check it on`);
  }
  return tf.randomUniform([count, ...shape.map((d) => d ?? 0)], 0, 1, 'float32', seed);
}

/** Uniform [0, 1) inputs shaped for the model's (first) input, for checking equality without data. */
export function randomInputs(model: tfl.LayersModel, count: number, seed = 1): tf.Tensor {
  return randomInput(model, model.inputs[0], count, seed);
}

/** randomInputs for every input of the model, in order (the first one's as randomInputs makes it). */
export function randomModelInputs(model: tfl.LayersModel, count: number, seed = 1): tf.Tensor[] {
  return model.inputs.map((input, i) => randomInput(model, input, count, seed + i));
}
