// Depthwise convolution shapes shared by the onednn depthwise tests: batch 1 and more, odd and non-square
// inputs and filters, depth multipliers 1 to 3, strides 1 and 2 (and unequal), SAME / VALID / explicit
// padding, and MobileNet's 3x3 depthwise layers at batch 100.
import type { Pad } from './conv_cases.js';

export interface DepthwiseCase {
  x: [number, number, number, number];
  /** [fH, fW, inC, multiplier] */
  filter: [number, number, number, number];
  stride: number | [number, number];
  pad: Pad;
}

export const DEPTHWISE_CASES: DepthwiseCase[] = [
  { x: [1, 9, 7, 3], filter: [3, 3, 3, 1], stride: 1, pad: 'same' },
  { x: [3, 9, 7, 3], filter: [3, 2, 3, 2], stride: 1, pad: 'valid' },
  { x: [2, 11, 10, 5], filter: [3, 3, 5, 3], stride: 2, pad: 'same' },
  { x: [2, 10, 11, 4], filter: [5, 5, 4, 1], stride: 2, pad: 'valid' },
  { x: [2, 8, 8, 2], filter: [3, 3, 2, 2], stride: [2, 1], pad: 'same' },
  { x: [2, 8, 8, 6], filter: [3, 3, 6, 1], stride: 2, pad: 1 },
  { x: [2, 8, 6, 2], filter: [3, 3, 2, 2], stride: 1, pad: [[0, 0], [2, 0], [1, 3], [0, 0]] },
  { x: [100, 14, 14, 32], filter: [3, 3, 32, 1], stride: 1, pad: 'same' },
  { x: [100, 14, 14, 16], filter: [3, 3, 16, 1], stride: 2, pad: 'same' },
];

export function describeDepthwise({ x, filter, stride, pad }: DepthwiseCase): string {
  return `x ${x}, filter ${filter}, stride ${stride}, pad ${JSON.stringify(pad)}`;
}
