// The ModelShrinker a training run uses to go on with a smaller model (src/train/shrink.ts): the
// model's compaction, proven equal on random inputs as every compaction is, and the slicing of any
// tensor shaped like its weights (an optimiser's slots) as compaction sliced the weights. No input crop:
// a training model keeps its input shape.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { sliceKernelMatrix } from '../structure/layer_slicers.js';
import type { ShrunkModel } from '../train/shrink.js';
import { CgesError } from '../util/errors.js';
import { compactModel, type Compaction } from './compact_model.js';

/** How one trainable weight of the compacted model is made from a tensor shaped like an old one. */
type Slicing = { from: number; slice: (values: Float32Array) => Float32Array } | { from: null };

function slicings(original: tfl.LayersModel, compaction: Compaction): Slicing[] {
  if (compaction.analysis === null) {
    throw new CgesError(`model ${original.name} is not a chain of layers, so it cannot shrink while training yet; ` +
      'train it with --no-shrink');
  }
  const { chain, weights, decisions } = compaction.analysis;
  const oldIndex = new Map(original.trainableWeights.map((weight, i) => [weight.originalName, i]));
  const stageIndex = new Map(chain.stages.map((stage, i) => [stage.layer.name, i]));
  return compaction.model.trainableWeights.map((weight): Slicing => {
    const from = oldIndex.get(weight.originalName);
    if (from === undefined) return { from: null };
    const i = stageIndex.get(weight.originalName.slice(0, weight.originalName.lastIndexOf('/')));
    if (i === undefined) return { from, slice: (values) => values };
    const { rows, cols, channels } = weights[i];
    const { keepIn, keepOut } = decisions[i];
    if (weight.originalName.endsWith('/kernel')) {
      return { from, slice: (values) => sliceKernelMatrix(values, rows, cols, channels, keepIn, keepOut) };
    }
    return { from, slice: (values) => Float32Array.from(keepOut, (u) => values[u]) };
  });
}

export async function shrinkForTraining(model: tfl.LayersModel): Promise<ShrunkModel> {
  const compaction = await compactModel(model);
  const plan = slicings(model, compaction);
  const shapes = compaction.model.trainableWeights.map((weight) => weight.shape.map((d) => d ?? 0));
  return {
    model: compaction.model,
    check: { maxAbsDiff: compaction.check.maxAbsDiff, scale: compaction.check.scale },
    sliceLikeWeights: (tensors) => plan.map((slicing, i) => {
      if (slicing.from === null) return tf.zeros(shapes[i]);
      const values = tensors[slicing.from].dataSync();
      if (!(values instanceof Float32Array)) throw new Error('cges: only float32 tensors can be sliced like weights');
      return tf.tensor(slicing.slice(values), shapes[i]);
    }),
  };
}
