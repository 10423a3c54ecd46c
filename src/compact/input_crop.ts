// Cropping away the model input's border pixels that nothing reads. The model input itself cannot lose
// features, but when it goes straight through a Flatten into the first Dense stage, whole border rows and
// columns of the image whose dense rows are all zero (MNIST's empty border, which group sparsity on input
// rows zeroes) can be cut off by a built-in Cropping2D layer put before the Flatten.
// Flatten of an NHWC [H, W, C] input: pixel (h, w), channel c is dense row (h*W + w)*C + c.
import type { Chain } from '../structure/chain.js';
import type { StageDecision } from '../structure/dead_units.js';
import type { StageWeights } from '../structure/stage_weights.js';

export interface InputCrop {
  /** The Flatten the Cropping2D goes before. */
  flatten: string;
  /** [[top, bottom], [left, right]], as Cropping2D takes it. */
  cropping: [[number, number], [number, number]];
  /** The first stage's kernel rows that stay, in order. */
  keepRows: number[];
}

/** [H, W, C] of the Flatten's input, when the chain starts Flatten -> first Dense stage. */
function flattenedImage(chain: Chain): [number, number, number] | undefined {
  const [flatten, first] = chain.layers;
  if (flatten?.getClassName() !== 'Flatten' || chain.stages[0]?.layer !== first || first.getClassName() !== 'Dense') {
    return undefined;
  }
  const input = flatten.input;
  const shape = Array.isArray(input) ? [] : input.shape;
  const [, h, w, c] = shape;
  if (shape.length !== 4 || typeof h !== 'number' || typeof w !== 'number' || typeof c !== 'number') return undefined;
  return [h, w, c];
}

/** The crop of the model input, or undefined when there is nothing to crop or the chain does not allow it. */
export function findInputCrop(
  chain: Chain, weights: StageWeights[], decisions: StageDecision[],
): InputCrop | undefined {
  const image = flattenedImage(chain);
  if (image === undefined) return undefined;
  const [height, width, channels] = image;
  const { kernel, cols } = weights[0];
  const live = decisions[0].keepOut;
  const pixelUnused = (h: number, w: number): boolean => {
    for (let c = 0; c < channels; c++) {
      const base = ((h * width + w) * channels + c) * cols;
      if (live.some((u) => kernel[base + u] !== 0)) return false;
    }
    return true;
  };
  const rowUnused = (h: number) => Array.from({ length: width }, (_, w) => w).every((w) => pixelUnused(h, w));
  const colUnused = (w: number, top: number, bottom: number) => {
    for (let h = top; h < height - bottom; h++) if (!pixelUnused(h, w)) return false;
    return true;
  };
  let top = 0;
  let bottom = 0;
  let left = 0;
  let right = 0;
  // Keep at least one pixel: a fully unused input still needs a (zero-weight) row to feed the layer.
  while (top < height - 1 && rowUnused(top)) top++;
  while (bottom < height - top - 1 && rowUnused(height - 1 - bottom)) bottom++;
  while (left < width - 1 && colUnused(left, top, bottom)) left++;
  while (right < width - left - 1 && colUnused(width - 1 - right, top, bottom)) right++;
  if (top + bottom + left + right === 0) return undefined;
  const keepRows: number[] = [];
  for (let h = top; h < height - bottom; h++) {
    for (let w = left; w < width - right; w++) {
      for (let c = 0; c < channels; c++) keepRows.push((h * width + w) * channels + c);
    }
  }
  return { flatten: chain.layers[0].name, cropping: [[top, bottom], [left, right]], keepRows };
}
