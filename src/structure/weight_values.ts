// A layer's weights as plain arrays with what each axis runs over, and the question the dead-channel rules ask of them: is every entry
// zero whose index, on each constrained axis, is among the given ones?
import type * as tfl from '@tensorflow/tfjs-layers';
import { axesOf, weightName, type AxisRole } from './weight_axes.js';

export interface WeightValues {
  name: string;
  values: Float32Array;
  shape: number[];
  /** Per axis, what it runs over (weight_axes.ts); empty for a weight no removal touches. */
  axes: (AxisRole | null)[];
}

/** Every weight of the layer, read as float32 copies, by short name ("kernel", "bias", ...). */
export function readLayerWeights(layer: tfl.layers.Layer): Map<string, WeightValues> {
  const weights = new Map<string, WeightValues>();
  for (const weight of layer.weights) {
    const values = weight.read().dataSync();
    if (!(values instanceof Float32Array)) throw new Error(`weight ${weight.originalName} is not float32`);
    const name = weightName(weight);
    const axes = axesOf(layer, weight)?.axes ?? [];
    weights.set(name, { name, values, shape: weight.shape.map((d) => d ?? 0), axes });
  }
  return weights;
}

/**
 * Whether every entry of `weight` is zero whose index on each axis a of `allowed` is in allowed[a]
 * (null: any index on that axis). Only the allowed entries are visited.
 */
export function allZero(weight: WeightValues, allowed: (ReadonlySet<number> | null)[]): boolean {
  const { values, shape } = weight;
  const rank = shape.length;
  if (rank === 0) return values[0] === 0;
  const lists = shape.map((size, a) => {
    const only = allowed[a];
    return only === null || only === undefined ? Array.from({ length: size }, (_, i) => i) : [...only].filter((i) => i < size);
  });
  if (lists.some((list) => list.length === 0)) return true;
  const strides = new Array<number>(rank).fill(1);
  for (let a = rank - 2; a >= 0; a--) strides[a] = strides[a + 1] * shape[a + 1];
  // An odometer over the allowed indices; the innermost axis is scanned in a tight loop.
  const position = new Array<number>(rank).fill(0);
  const inner = lists[rank - 1];
  for (;;) {
    let base = 0;
    for (let a = 0; a < rank - 1; a++) base += lists[a][position[a]] * strides[a];
    for (const i of inner) if (values[base + i] !== 0) return false;
    let a = rank - 2;
    for (; a >= 0; a--) {
      if (++position[a] < lists[a].length) break;
      position[a] = 0;
    }
    if (a < 0) return true;
  }
}
