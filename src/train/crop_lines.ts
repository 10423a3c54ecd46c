// The order an image's pixels go in under a cost target when the input is cropped
// (src/structure/input_crop.ts). The crop keeps the bounding box of the live pixels, so a pixel saves
// nothing until its whole border line goes: pixels are removed a border line of the box at a time, the
// line whose live pixels weigh least per pixel cut first (every pixel cut saves the same, its rows into
// the live units of the first layer). The ranking (cost_target.ts) cuts lines so, and the prox
// (unit_weights.ts) presses the live pixels outside the box that the ranking's kept pixels leave, not the
// weakest pixels anywhere: those would die inside the box and save nothing.
import { boxSides, liveBox, type BoxSide, type ImageShape, type PixelBox } from '../structure/input_crop.js';

export interface WeighedSide extends BoxSide {
  /** The live pixels of the line (norm > 0), which cutting it removes. */
  live: number[];
  /** Their norms' sum. */
  weight: number;
}

/** The border line of `box` whose live pixels weigh least per pixel cut, if it can lose one. */
export function weakestSide(box: PixelBox, image: ImageShape, norms: ArrayLike<number>): WeighedSide | undefined {
  let best: WeighedSide | undefined;
  for (const side of boxSides(box, image)) {
    const live = side.pixels.filter((p) => norms[p] > 0);
    const weight = live.reduce((sum, p) => sum + norms[p], 0);
    if (best === undefined || weight / side.pixels.length < best.weight / best.pixels.length) best = { ...side, live, weight };
  }
  return best;
}

/** The box of the live pixels, cut a weakest line at a time until at most `keep` live pixels are left in it. */
export function keptBox(image: ImageShape, norms: ArrayLike<number>, keep: number): PixelBox {
  let box = liveBox((p) => norms[p] > 0, image);
  let live = 0;
  for (let p = 0; p < norms.length; p++) if (norms[p] > 0) live++;
  while (live > keep) {
    const side = weakestSide(box, image, norms);
    if (side === undefined) break;
    box = side.box;
    live -= side.live.length;
  }
  return box;
}

/** Whether pixel p of an image `width` wide lies inside `box`. */
export function inBox(box: PixelBox, width: number, p: number): boolean {
  const h = Math.floor(p / width);
  const w = p % width;
  return h >= box.top && h <= box.bottom && w >= box.left && w <= box.right;
}
