// Cost of a model per example: multiply-accumulates (MACs) of its Dense and Conv2D layers, and
// parameter counts. Conv MACs use the layer's real output size (so SAME padding counts its full
// output), i.e. outH * outW * kh * kw * cin * cout; dense MACs are in * out.
// With nonzeroOnly, only non-zero kernel weights count: a zero weight costs nothing after compaction
// or in a sparse kernel. Bias additions are not MACs and are not counted.
import type * as tfl from '@tensorflow/tfjs-layers';
import { kernelKind, kernelVariable } from './kernels.js';

export interface CountOptions {
  /** Count only weights that are not exactly zero. */
  nonzeroOnly?: boolean;
}

export interface MacCount {
  layers: { name: string; macs: number }[];
  total: number;
}

export interface ParamCount {
  layers: { name: string; params: number }[];
  total: number;
}

function nonzeros(values: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (values[i] !== 0) count++;
  return count;
}

function weightCount(variable: tfl.LayerVariable, nonzeroOnly: boolean): number {
  if (!nonzeroOnly) return variable.read().size;
  return nonzeros(variable.read().dataSync());
}

/** Output positions each kernel weight is applied at: outH * outW for conv, 1 for dense. */
export function outputPositions(layer: tfl.layers.Layer): number {
  if (kernelKind(layer) !== 'conv2d') return 1;
  // Conv2D output is [batch, outH, outW, filters] (channels last, the TF.js default we build with).
  const [, outH, outW] = layer.outputShape;
  if (typeof outH !== 'number' || typeof outW !== 'number') {
    throw new Error(`cges: conv layer ${layer.name} has no known output size`);
  }
  return outH * outW;
}

export function countMacs(model: tfl.LayersModel, options: CountOptions = {}): MacCount {
  const layers = model.layers
    .filter((layer) => kernelKind(layer) !== undefined)
    .map((layer) => ({
      name: layer.name,
      macs: weightCount(kernelVariable(layer), options.nonzeroOnly ?? false) * outputPositions(layer),
    }));
  return { layers, total: layers.reduce((sum, layer) => sum + layer.macs, 0) };
}

/** Weights (kernels and biases) of every layer that has any. */
export function countParams(model: tfl.LayersModel, options: CountOptions = {}): ParamCount {
  const layers = model.layers
    .filter((layer) => layer.weights.length > 0)
    .map((layer) => ({
      name: layer.name,
      params: layer.weights.reduce((sum, weight) => sum + weightCount(weight, options.nonzeroOnly ?? false), 0),
    }));
  return { layers, total: layers.reduce((sum, layer) => sum + layer.params, 0) };
}
