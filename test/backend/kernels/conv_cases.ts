// Convolution shapes shared by the onednn conv tests: batch 1 and more, non-square inputs and filters,
// SAME / VALID / explicit padding, strides 1 and 2, and seed-mnist's second layer.
export type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];

export interface ConvCase {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  stride: number | [number, number];
  pad: Pad;
}

export const CONV_CASES: ConvCase[] = [
  { x: [1, 9, 7, 3], filter: [3, 2, 3, 5], stride: 1, pad: 'same' },
  { x: [3, 9, 7, 3], filter: [3, 2, 3, 5], stride: 1, pad: 'valid' },
  { x: [3, 9, 7, 3], filter: [3, 3, 3, 4], stride: 2, pad: 'same' },
  { x: [2, 10, 11, 4], filter: [5, 5, 4, 6], stride: 2, pad: 'valid' },
  { x: [2, 8, 8, 2], filter: [3, 3, 2, 3], stride: [2, 1], pad: 'same' },
  { x: [2, 8, 8, 2], filter: [3, 3, 2, 3], stride: 2, pad: 1 },
  { x: [2, 8, 6, 2], filter: [3, 3, 2, 3], stride: 1, pad: [[0, 0], [2, 0], [1, 3], [0, 0]] },
  { x: [1, 14, 14, 32], filter: [5, 5, 32, 64], stride: 1, pad: 'same' },
];

export function describe({ x, filter, stride, pad }: ConvCase): string {
  return `x ${x}, filter ${filter}, stride ${stride}, pad ${JSON.stringify(pad)}`;
}
