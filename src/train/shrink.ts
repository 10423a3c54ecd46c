// Shrinking while training: once units are dead and masked, the run may go on with a smaller model that
// computes the same logits (its compaction), so that the later steps cost less. The trainer asks for a
// shrink when it saves enough; how a model is compacted is src/compact's business, handed in as a
// ModelShrinker (src/compact/shrink_for_training.ts), so src/train does not depend on it.
// The optimiser's per-weight slots (momentum, Adam's moments) are sliced as the weights were, so
// training continues where it left off: an optimiser keeps its slots by position, in the order of the
// model's trainable weights, which a compacted model keeps.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { CgesError } from '../util/errors.js';
import { makeOptimizer, type OptimizerName, type ScheduledOptimizer } from './optimizers.js';

/** A smaller model equal to the one it came from, and how to slice tensors shaped like its weights. */
export interface ShrunkModel {
  model: tfl.LayersModel;
  /** The equality proof: max |logit difference| between the two models on the shrinker's inputs, and max |logit|. */
  check: { maxAbsDiff: number; scale: number };
  /**
   * One tensor per trainable weight of the old model (same shapes, same order) to one per trainable
   * weight of the new model, sliced as the weights were (zeros for a weight the old model lacked).
   * The caller owns the tensors returned.
   */
  sliceLikeWeights(tensors: tf.Tensor[]): tf.Tensor[];
}

export type ModelShrinker = (model: tfl.LayersModel) => Promise<ShrunkModel>;

/**
 * A shrink is worth a rebuild when the compacted model would cost at most this share of the training
 * model's MACs; at the start of fine-tuning any saving is.
 */
export const SHRINK_BELOW = 0.8;

/** The engine names of a model's trainable variables, which an optimiser's slots are named after. */
function variableNames(model: tfl.LayersModel): string[] {
  return model.trainableWeights.map((weight) => (weight.read() as tf.Variable).name);
}

/**
 * A fresh optimiser of the same kind and step count for `shrunk.model`, holding the old one's slots
 * sliced like the weights. The old optimiser is disposed.
 */
export async function shrinkOptimizer(
  old: ScheduledOptimizer, name: OptimizerName, oldModel: tfl.LayersModel, shrunk: ShrunkModel, learningRate: number,
): Promise<ScheduledOptimizer> {
  const [iterations, ...slots] = await old.getWeights();
  const oldNames = variableNames(oldModel);
  const newNames = variableNames(shrunk.model);
  if (slots.length % oldNames.length !== 0) {
    throw new CgesError(`optimizer ${name} holds ${slots.length} slots for ${oldNames.length} weights`);
  }
  // Slots come in sets of one per weight (Adam: all first moments, then all second moments).
  const sets = slots.length / oldNames.length;
  const renamed: { name: string; tensor: tf.Tensor }[] = [];
  for (let s = 0; s < sets; s++) {
    const set = slots.slice(s * oldNames.length, (s + 1) * oldNames.length);
    // A slot is named after its weight plus the set's suffix ("/m", "/momentum"); the new one after the new weight.
    const suffix = set[0].name.slice(oldNames[0].length);
    const sliced = shrunk.sliceLikeWeights(set.map(({ tensor }) => tensor));
    sliced.forEach((tensor, i) => renamed.push({ name: newNames[i] + suffix, tensor }));
  }
  const optimizer = makeOptimizer(name, learningRate);
  await optimizer.setWeights([iterations, ...renamed]);
  // setWeights made variables of its own from these; getWeights' iteration scalar is a fresh tensor.
  tf.dispose([iterations.tensor, ...renamed.map(({ tensor }) => tensor)]);
  old.dispose();
  return optimizer;
}
