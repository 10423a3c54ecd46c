// Cropping away the model input's border pixels that nothing reads. The model input itself cannot lose
// features, but when it goes straight through a Flatten into the first Dense stage, whole border rows and
// columns of the image whose dense rows are all zero (MNIST's empty border, which group sparsity on input
// rows zeroes) can be cut off by a built-in Cropping2D layer put before the Flatten: the model's input
// shape stays, and the first Dense keeps only the rows of the pixels inside the crop.
// Flatten of an NHWC [H, W, C] input: pixel p = h*W + w, channel c, is dense row p*C + c.
// What the crop keeps is the bounding box of the pixels some live unit reads, so a pixel is worth nothing
// by itself: it saves only when it is the last read pixel of a border line of that box. The cost target
// therefore removes pixels a border line at a time (src/train/cost_target.ts, through boxSides).
import type * as tfl from '@tensorflow/tfjs-layers';
import { isInputNormalization } from '../models/input_normalization.js';
import { analyseChain, isChain, type Chain } from './chain.js';
import type { StageDecision } from './dead_units.js';
import { readFeatures } from './input_features.js';
import type { StageWeights } from './stage_weights.js';

/** [height, width, channels] of the image the Flatten lays out. */
export type ImageShape = [number, number, number];

/** Rows top..bottom and columns left..right of an image, inclusive. */
export interface PixelBox {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export interface InputCrop {
  /** The Flatten the Cropping2D goes before. */
  flatten: string;
  /** [[top, bottom], [left, right]], as Cropping2D takes it. */
  cropping: [[number, number], [number, number]];
  /** The first stage's kernel rows that stay, in order. */
  keepRows: number[];
}

/** The chain's first layer if it is a Flatten, or its second behind the input's normalisation. */
function leadingFlatten(chain: Chain): tfl.layers.Layer | undefined {
  const [first, second] = chain.layers;
  const flatten = first !== undefined && isInputNormalization(first) ? second : first;
  return flatten?.getClassName() === 'Flatten' ? flatten : undefined;
}

/**
 * The Flatten and the [H, W, C] of its input, when the chain starts Flatten -> first Dense stage, after
 * the input's normalisation if any (it keeps the layout, so a crop after it cuts what a crop before it would).
 */
function flattenedInput(chain: Chain): { flatten: tfl.layers.Layer; image: ImageShape } | undefined {
  const flatten = leadingFlatten(chain);
  const first = chain.stages[0]?.layer;
  if (flatten === undefined || first === undefined || first.getClassName() !== 'Dense' ||
    chain.layers.indexOf(first) !== chain.layers.indexOf(flatten) + 1) {
    return undefined;
  }
  const input = flatten.input;
  const shape = Array.isArray(input) ? [] : input.shape;
  const [, h, w, c] = shape;
  if (shape.length !== 4 || typeof h !== 'number' || typeof w !== 'number' || typeof c !== 'number') return undefined;
  return { flatten, image: [h, w, c] };
}

/** [H, W, C] of the image the chain's first Dense stage reads through a Flatten (flattenedInput). */
export function flattenedImage(chain: Chain): ImageShape | undefined {
  return flattenedInput(chain)?.image;
}

/** The image a crop of `model`'s input would cut: a chain's whose input goes Flatten -> first Dense. */
export function croppableImage(model: tfl.LayersModel): ImageShape | undefined {
  return isChain(model) ? flattenedImage(analyseChain(model)) : undefined;
}

/** The smallest box holding every pixel `live` says is live; a 1x1 box at the corner when none is (a layer needs an input). */
export function liveBox(live: (pixel: number) => boolean, [height, width]: ImageShape): PixelBox {
  const box = { top: height, bottom: -1, left: width, right: -1 };
  for (let h = 0; h < height; h++) {
    for (let w = 0; w < width; w++) {
      if (!live(h * width + w)) continue;
      box.top = Math.min(box.top, h);
      box.bottom = Math.max(box.bottom, h);
      box.left = Math.min(box.left, w);
      box.right = Math.max(box.right, w);
    }
  }
  return box.bottom < 0 ? { top: 0, bottom: 0, left: 0, right: 0 } : box;
}

/** Pixels in the box. */
export function boxArea(box: PixelBox): number {
  return (box.bottom - box.top + 1) * (box.right - box.left + 1);
}

export interface BoxSide {
  /** The box once this side's outermost line is cut. */
  box: PixelBox;
  /** The pixels of that line. */
  pixels: number[];
}

/** The border lines of a box that can be cut (a box keeps at least one row and one column), each with the box after it. */
export function boxSides(box: PixelBox, [, width]: ImageShape): BoxSide[] {
  const { top, bottom, left, right } = box;
  const row = (h: number) => Array.from({ length: right - left + 1 }, (_, i) => h * width + left + i);
  const column = (w: number) => Array.from({ length: bottom - top + 1 }, (_, i) => (top + i) * width + w);
  const sides: BoxSide[] = [];
  if (bottom > top) {
    sides.push({ box: { ...box, top: top + 1 }, pixels: row(top) });
    sides.push({ box: { ...box, bottom: bottom - 1 }, pixels: row(bottom) });
  }
  if (right > left) {
    sides.push({ box: { ...box, left: left + 1 }, pixels: column(left) });
    sides.push({ box: { ...box, right: right - 1 }, pixels: column(right) });
  }
  return sides;
}

/** The crop of the model input, or undefined when there is nothing to crop or the chain does not allow it. */
export function findInputCrop(
  chain: Chain, weights: StageWeights[], decisions: StageDecision[],
): InputCrop | undefined {
  const input = flattenedInput(chain);
  if (input === undefined) return undefined;
  const { flatten, image } = input;
  const [height, width, channels] = image;
  // readFeatures keeps one row when none is read: a fully unused input still feeds the layer a (zero) row.
  const read = new Set(readFeatures(weights[0], decisions[0].keepOut).map((row) => Math.floor(row / channels)));
  const { top, bottom, left, right } = liveBox((p) => read.has(p), image);
  const cropping: InputCrop['cropping'] = [[top, height - 1 - bottom], [left, width - 1 - right]];
  if (cropping.flat().every((n) => n === 0)) return undefined;
  const keepRows: number[] = [];
  for (let h = top; h <= bottom; h++) {
    for (let w = left; w <= right; w++) {
      for (let c = 0; c < channels; c++) keepRows.push((h * width + w) * channels + c);
    }
  }
  return { flatten: flatten.name, cropping, keepRows };
}
