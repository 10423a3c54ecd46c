// The ModelShrinker a training run uses to go on with a smaller model (src/train/shrink.ts): the
// model's compaction, proven equal on random inputs as every compaction is, and the slicing of any
// tensor shaped like its trainable weights (an optimiser's slots) as compaction sliced the weights: for a
// chain by the units its stages kept, for any other model by the indices each layer kept on its weights'
// axes (compact_graph.ts's sliceLikeWeight, the same code that sliced the weights). BatchNorm's moving
// statistics are not trainable: the compaction itself slices them. No input crop: a training model keeps
// its input shape.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { DeadUnitAnalysis } from '../structure/compacted_cost.js';
import { sliceKernelMatrix } from '../structure/layer_slicers.js';
import { weightName } from '../structure/weight_axes.js';
import type { ShrunkModel } from '../train/shrink.js';
import { pairLayers, sliceLikeWeight, type GraphSlicing } from './compact_graph.js';
import { compactModel } from './compact_model.js';

/**
 * How one trainable weight of the compacted model is made from a tensor shaped like an old one, or
 * `from: null` for a weight the old model lacked (a bias a fold gave a layer).
 */
type Slicing = { from: number; slice: (tensor: tf.Tensor) => tf.Tensor } | { from: null };

function float32Values(tensor: tf.Tensor): Float32Array {
  const values = tensor.dataSync();
  if (!(values instanceof Float32Array)) throw new Error('cges: only float32 tensors can be sliced like weights');
  return values;
}

/** A chain's compaction: kernels on the units their stage and the one before kept, biases on their own. */
function chainSlicings(original: tfl.LayersModel, compacted: tfl.LayersModel, analysis: DeadUnitAnalysis): Slicing[] {
  const { chain, weights, decisions } = analysis;
  const oldIndex = new Map(original.trainableWeights.map((weight, i) => [weight.originalName, i]));
  const stageIndex = new Map(chain.stages.map((stage, i) => [stage.layer.name, i]));
  return compacted.trainableWeights.map((weight): Slicing => {
    const from = oldIndex.get(weight.originalName);
    if (from === undefined) return { from: null };
    const shape = weight.shape.map((d) => d ?? 0);
    const i = stageIndex.get(weight.originalName.slice(0, weight.originalName.lastIndexOf('/')));
    if (i === undefined) return { from, slice: (tensor) => tensor.clone() };
    const { rows, cols, channels } = weights[i];
    const { keepIn, keepOut } = decisions[i];
    if (weight.originalName.endsWith('/kernel')) {
      return {
        from,
        slice: (tensor) => tf.tensor(sliceKernelMatrix(float32Values(tensor), rows, cols, channels, keepIn, keepOut), shape),
      };
    }
    return { from, slice: (tensor) => tf.tensor(Float32Array.from(keepOut, (u) => float32Values(tensor)[u]), shape) };
  });
}

/** Any other model's: every weight on the indices its layer kept, as compact_graph.ts sliced it. */
function graphSlicings(original: tfl.LayersModel, compacted: tfl.LayersModel, slicing: GraphSlicing): Slicing[] {
  const oldIndex = new Map(original.trainableWeights.map((weight, i) => [weight, i]));
  const plan = new Map<tfl.LayerVariable, Slicing>();
  for (const [layer, twin] of pairLayers(original, compacted)) {
    const kept = slicing.kept.get(layer);
    for (const target of twin.trainableWeights) {
      const source = layer.weights.find((weight) => weightName(weight) === weightName(target));
      const from = source === undefined ? undefined : oldIndex.get(source);
      if (source === undefined || from === undefined) {
        plan.set(target, { from: null });
      } else {
        plan.set(target, { from, slice: (tensor) => (kept === undefined ? tensor.clone() : sliceLikeWeight(layer, source, kept, tensor)) });
      }
    }
  }
  return compacted.trainableWeights.map((weight) => {
    const found = plan.get(weight);
    if (found === undefined) throw new Error(`cges: compacted weight ${weight.originalName} has no layer in the original`);
    return found;
  });
}

export async function shrinkForTraining(model: tfl.LayersModel): Promise<ShrunkModel> {
  const compaction = await compactModel(model);
  const compacted = compaction.model;
  const plan = compaction.analysis !== null ? chainSlicings(model, compacted, compaction.analysis)
    : compaction.graph !== null ? graphSlicings(model, compacted, compaction.graph)
      : undefined;
  if (plan === undefined) throw new Error('cges: a compaction carries neither a chain analysis nor a graph slicing');
  const shapes = compacted.trainableWeights.map((weight) => weight.shape.map((d) => d ?? 0));
  return {
    model: compacted,
    check: { maxAbsDiff: compaction.check.maxAbsDiff, scale: compaction.check.scale },
    sliceLikeWeights: (tensors) => plan.map((slicing, i) => (slicing.from === null ? tf.zeros(shapes[i]) : slicing.slice(tensors[slicing.from]))),
  };
}
