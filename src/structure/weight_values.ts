// A layer's weights as plain arrays, and the question the dead-channel rules ask of them: is every entry
// zero whose index, on each constrained axis, is among the given ones?
import type * as tfl from '@tensorflow/tfjs-layers';
import { weightName } from './weight_axes.js';

export interface WeightValues {
  name: string;
  values: Float32Array;
  shape: number[];
}

/** Every weight of the layer, read as float32 copies, by short name ("kernel", "bias", ...). */
export function readLayerWeights(layer: tfl.layers.Layer): Map<string, WeightValues> {
  const weights = new Map<string, WeightValues>();
  for (const weight of layer.weights) {
    const values = weight.read().dataSync();
    if (!(values instanceof Float32Array)) throw new Error(`weight ${weight.originalName} is not float32`);
    weights.set(weightName(weight), { name: weightName(weight), values, shape: weight.shape.map((d) => d ?? 0) });
  }
  return weights;
}

/**
 * Whether every entry of `weight` is zero whose index on each axis a of `allowed` is in allowed[a]
 * (null: any index on that axis).
 */
export function allZero(weight: WeightValues, allowed: (ReadonlySet<number> | null)[]): boolean {
  const { values, shape } = weight;
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== 0 && index.every((k, a) => allowed[a]?.has(k) ?? true)) return false;
    for (let a = rank - 1; a >= 0; a--) {
      if (++index[a] < shape[a]) break;
      index[a] = 0;
    }
  }
  return true;
}
