// How much each input feature varies over the training examples: its standard deviation. With input
// features as units (StructureOptions.pruneInputs) a feature's importance is its row's norm times this,
// what the feature contributes to the first layer, so a pixel that is nearly always blank ranks weak
// however its weights started, and one that never changes carries nothing to learn from.
import type { LabelledImages } from './batches.js';

/** Per feature (flattened row-major, as Flatten lays an example out), the population standard deviation. */
export function featureDeviations({ images, count }: LabelledImages): Float64Array {
  const features = count === 0 ? 0 : images.length / count;
  const mean = new Float64Array(features);
  const squares = new Float64Array(features);
  for (let i = 0; i < count; i++) {
    const base = i * features;
    for (let f = 0; f < features; f++) mean[f] += images[base + f];
  }
  mean.forEach((sum, f) => { mean[f] = sum / count; });
  // Two passes, so that a feature far from zero with little spread keeps its small deviation.
  for (let i = 0; i < count; i++) {
    const base = i * features;
    for (let f = 0; f < features; f++) {
      const d = images[base + f] - mean[f];
      squares[f] += d * d;
    }
  }
  return squares.map((sum) => Math.sqrt(sum / count));
}
