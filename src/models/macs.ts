// Cost of a model per example: multiply-accumulates (MACs) of its kernel layers (kernels.ts), and
// parameter counts. Conv MACs use the layer's real output size (so SAME padding counts its full
// output), i.e. outH * outW * kh * kw * cin * cout; dense MACs are in * out.
// With nonzeroOnly, only non-zero kernel weights count: a zero weight costs nothing after compaction
// or in a sparse kernel. Bias additions are not MACs and are not counted.
import type * as tfl from '@tensorflow/tfjs-layers';
import { flatLayers, kernelWeights } from './kernels.js';

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

/**
 * Output positions each kernel weight is applied at: every position of the output but its channel axis
 * (outH * outW for a 2-D conv, the steps of a 1-D one, 1 for dense on [batch, features]).
 */
export function outputPositions(layer: tfl.layers.Layer): number {
  const shape = Array.isArray(layer.outputShape[0]) ? layer.outputShape[0] : layer.outputShape;
  const positions = shape.slice(1, -1);
  if (positions.some((d) => typeof d !== 'number')) {
    throw new Error(`cges: layer ${layer.name} has no known output size`);
  }
  return positions.reduce<number>((a, b) => a * (b as number), 1);
}

/** MACs of every kernel weight (kernelWeights order and names), frozen layers included. */
export function countMacs(model: tfl.LayersModel, options: CountOptions = {}): MacCount {
  const layers = kernelWeights(model).map(({ layer, variable, name }) => ({
    name,
    macs: weightCount(variable, options.nonzeroOnly ?? false) * outputPositions(layer),
  }));
  return { layers, total: layers.reduce((sum, layer) => sum + layer.macs, 0) };
}

/** Weights (kernels and biases) of every layer that has any, nested models' layers in their place. */
export function countParams(model: tfl.LayersModel, options: CountOptions = {}): ParamCount {
  const layers = flatLayers(model)
    .filter((layer) => layer.weights.length > 0)
    .map((layer) => ({
      name: layer.name,
      params: layer.weights.reduce((sum, weight) => sum + weightCount(weight, options.nonzeroOnly ?? false), 0),
    }));
  return { layers, total: layers.reduce((sum, layer) => sum + layer.params, 0) };
}
