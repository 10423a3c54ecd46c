// The model's input features as units. When a chain's first stage is a Dense layer reading the model's
// input directly or through one Flatten, input feature f is its kernel's row f, and a feature that no
// live unit reads can go from the input itself. That changes the compacted model's interface (it takes
// only the kept features, in order), so it is opt-in: `pruneInputs`. An image into a convolution is not
// covered: its pixels are not kernel rows. An image into the Dense may instead keep its shape and lose its
// unread border (input_crop.ts, `cropInput`).
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Chain } from './chain.js';
import type { StageWeights } from './stage_weights.js';

/** The Dense layer whose kernel rows are the model's input features, if the chain starts with one. */
export function inputFeatureLayer(chain: Chain): tfl.layers.Layer | undefined {
  const first = chain.stages[0]?.layer;
  if (first === undefined || first.getClassName() !== 'Dense') return undefined;
  const before = chain.layers.slice(0, chain.layers.indexOf(first));
  const direct = before.length === 0 || (before.length === 1 && before[0].getClassName() === 'Flatten');
  return direct ? first : undefined;
}

/** The features (kernel rows) some unit in `keepOut` reads; at least one stays, to feed the layer. */
export function readFeatures(weights: StageWeights, keepOut: readonly number[]): number[] {
  const { kernel, rows, cols } = weights;
  const read: number[] = [];
  for (let row = 0; row < rows; row++) {
    if (keepOut.some((u) => kernel[row * cols + u] !== 0)) read.push(row);
  }
  return read.length > 0 ? read : [0];
}

/** The units of `rowsPerUnit` consecutive rows each (a feature, or a pixel's channels) none of whose rows is in `read`. */
export function unreadUnits(read: readonly number[], units: number, rowsPerUnit: number): number[] {
  const reached = new Set(read.map((row) => Math.floor(row / rowsPerUnit)));
  return Array.from({ length: units }, (_, u) => u).filter((u) => !reached.has(u));
}
