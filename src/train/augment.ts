// Training-time augmentation, the usual CIFAR recipe: each image is padded with zeros by `pad` pixels on
// every side, a random HxW window of the padded image is kept, and it is flipped left-right with
// probability 1/2. The draws of a batch come from a generator seeded by the run's seed and where the
// batch starts in the sampler (epoch, cursor), so a resumed run, which restores that position, draws the
// same crops and flips, and nothing else needs saving.
// Images: [B, H, W, C] float32, row-major, channels last; edited in place.
import { CgesError } from '../util/errors.js';
import { Rng } from './rng.js';

export interface AugmentOptions {
  /** Zero padding on each side before the random crop; default an eighth of the smaller side, rounded (4 for 32x32). */
  pad?: number;
  /** Flip left-right with probability 1/2 (default true). */
  flip?: boolean;
}

/** Where one image's window starts in the padded image, and whether it is flipped. */
export interface ImageDraw {
  top: number;
  left: number;
  flip: boolean;
}

/** The padding `options` gives for images of [H, W, C]. */
/** An example shape as [H, W, C]: augmentation crops and flips images only. */
export function imageShapeOf(shape: number[]): [number, number, number] {
  if (shape.length !== 3) throw new CgesError(`augmentation crops and flips images, but the examples are [${shape.join(', ')}]`);
  return [shape[0], shape[1], shape[2]];
}

export function augmentPad(example: number[], options: AugmentOptions): number {
  const shape = imageShapeOf(example);
  const pad = options.pad ?? Math.round(Math.min(shape[0], shape[1]) / 8);
  if (!Number.isSafeInteger(pad) || pad < 0) throw new CgesError(`augmentation padding must be an integer >= 0, got ${pad}`);
  return pad;
}

/** One 32-bit seed from several integers (FNV-1a over their 32-bit words): nearby keys give unrelated seeds. */
export function mixSeed(...keys: number[]): number {
  let hash = 0x811c9dc5;
  for (const key of keys) {
    for (const word of [key >>> 0, Math.floor(key / 2 ** 32) >>> 0]) {
      for (let shift = 0; shift < 32; shift += 8) {
        hash ^= (word >>> shift) & 0xff;
        hash = Math.imul(hash, 0x01000193) >>> 0;
      }
    }
  }
  return hash;
}

/** The crop windows and flips of a batch of `count` images, from the generator of key (seed, epoch, cursor). */
export function batchDraws(count: number, pad: number, flip: boolean, key: number[]): ImageDraw[] {
  const rng = new Rng(mixSeed(...key));
  return Array.from({ length: count }, () => ({
    top: rng.nextInt(2 * pad + 1),
    left: rng.nextInt(2 * pad + 1),
    flip: flip && rng.nextInt(2) === 1,
  }));
}

/**
 * Crops and flips each image of `pixels` in place: out[h][w] = padded[h + top][w' + left], w' = W-1-w when
 * flipped, where padded is the image with `pad` zeros around it.
 */
export function augmentImages(pixels: Float32Array, shape: [number, number, number], pad: number, draws: ImageDraw[]): void {
  const [height, width, channels] = shape;
  const row = width * channels;
  const size = height * row;
  const source = new Float32Array(size);
  draws.forEach((draw, b) => {
    const image = pixels.subarray(b * size, (b + 1) * size);
    source.set(image);
    image.fill(0);
    for (let h = 0; h < height; h++) {
      const y = h + draw.top - pad;
      if (y < 0 || y >= height) continue;
      for (let w = 0; w < width; w++) {
        const x = (draw.flip ? width - 1 - w : w) + draw.left - pad;
        if (x < 0 || x >= width) continue;
        const from = y * row + x * channels;
        const to = h * row + w * channels;
        for (let c = 0; c < channels; c++) image[to + c] = source[from + c];
      }
    }
  });
}
