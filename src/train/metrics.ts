// What a run reports about its sparsity and cost, and its test accuracy.
// - sparsity_l: the fraction of exact zeros in kernel l (a prox step writes exact zeros; no threshold);
// - usingParam: the fraction of non-zero kernel weights over all regularised kernels;
// - flopOriginal: the original code's figure 1 - sum_l sparsity_l * cost_l / sum_l cost_l. For seed-mnist its
//   costs are the original hard-coded VALID-padding sizes; other models use their dense per-layer MACs;
// - macs: the true multiply-accumulates per example, dense and counting non-zero weights only;
// - zeroGroups/totalGroups (by the run's grouping; `unit` counts units with no incoming weight) and aliveUnits/totalUnits (output units or filters
//   with any non-zero kernel weight).
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { regularizedKernels } from '../models/kernels.js';
import { countMacs } from '../models/macs.js';
import type { RegularizerGrouping } from './regularizers/types.js';
import { modelClasses, modelExampleShape, sequentialBatch, type LabelledImages } from './batches.js';

/** The original code's per-layer costs of its MNIST network. */
export const ORIGINAL_FLOP_COSTS: readonly number[] = [24 * 24 * 25 * 32, 10 * 10 * 25 * 32 * 64, 3136 * 1024, 1024 * 10];

export interface LayerSparsity {
  name: string;
  shape: number[];
  /** Kernel weights that are not exactly 0. */
  nonzeros: number;
  /** Fraction of the kernel's weights that are exactly 0. */
  sparsity: number;
  zeroGroups: number;
  totalGroups: number;
  aliveUnits: number;
  totalUnits: number;
}

export interface SparsityReport {
  layers: LayerSparsity[];
  usingParam: number;
  flopOriginal: number;
  macs: { dense: number; nonzero: number; fraction: number };
}

/** Counts of one kernel viewed as [rows, cols] (cols = last axis, the output units). */
function layerSparsity(name: string, shape: number[], values: ArrayLike<number>, grouping: RegularizerGrouping): LayerSparsity {
  const cols = shape[shape.length - 1];
  const rows = cols === 0 ? 0 : values.length / cols;
  const rowAlive = new Uint8Array(rows);
  const colAlive = new Uint8Array(cols);
  let zeros = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (values[r * cols + c] === 0) {
        zeros++;
      } else {
        rowAlive[r] = 1;
        colAlive[c] = 1;
      }
    }
  }
  const aliveRows = rowAlive.reduce((sum, alive) => sum + alive, 0);
  const aliveUnits = colAlive.reduce((sum, alive) => sum + alive, 0);
  const totalGroups = grouping === 'input' ? rows : cols;
  const zeroGroups = totalGroups - (grouping === 'input' ? aliveRows : aliveUnits);
  const sparsity = values.length === 0 ? 0 : zeros / values.length;
  return { name, shape, nonzeros: values.length - zeros, sparsity, zeroGroups, totalGroups, aliveUnits, totalUnits: cols };
}

/**
 * Per-layer costs for the original FLOP figure: the original code's hard-coded ones for seed-mnist when asked for
 * (and the model takes MNIST's [28, 28, 1] with the layer count matching), otherwise each layer's dense MACs.
 */
export function flopCosts(model: tfl.LayersModel, originalCosts: boolean): number[] {
  const dense = countMacs(model).layers.map((layer) => layer.macs);
  const mnistShaped = model.inputs[0].shape.slice(1).join(',') === '28,28,1';
  return originalCosts && mnistShaped && dense.length === ORIGINAL_FLOP_COSTS.length ? [...ORIGINAL_FLOP_COSTS] : dense;
}

/**
 * The model a run started from, which its figures are shares of (a shrink makes the training model
 * smaller, not the figures' reference): each regularised kernel's size, the FLOP figure's costs and
 * the dense MACs.
 */
export interface DenseReference {
  kernelSizes: number[];
  flopCosts: number[];
  macs: number;
}

export function denseReference(model: tfl.LayersModel, originalCosts: boolean): DenseReference {
  return {
    kernelSizes: regularizedKernels(model).map(({ variable }) => variable.read().size),
    flopCosts: flopCosts(model, originalCosts),
    macs: countMacs(model).total,
  };
}

/**
 * Sparsity and cost figures of `model`; a layer's sparsity, usingParam, the FLOP figure and the MACs
 * fraction are shares of `reference` (by default the model itself, with its dense MACs as FLOP costs).
 */
export function sparsityReport(
  model: tfl.LayersModel, grouping: RegularizerGrouping, reference = denseReference(model, false),
): SparsityReport {
  const costs = reference.flopCosts;
  const layers = regularizedKernels(model).map(({ layer, variable }, l) => {
    const figures = layerSparsity(layer.name, variable.read().shape, variable.read().dataSync(), grouping);
    const size = reference.kernelSizes[l];
    return { ...figures, sparsity: size === 0 ? 0 : (size - figures.nonzeros) / size };
  });
  let weights = 0;
  let nonzeros = 0;
  let costSum = 0;
  let zeroCost = 0;
  layers.forEach((layer, l) => {
    weights += reference.kernelSizes[l];
    nonzeros += layer.nonzeros;
    costSum += costs[l];
    zeroCost += layer.sparsity * costs[l];
  });
  const dense = reference.macs;
  const nonzero = countMacs(model, { nonzeroOnly: true }).total;
  return {
    layers,
    usingParam: weights === 0 ? 0 : nonzeros / weights,
    flopOriginal: costSum === 0 ? 1 : 1 - zeroCost / costSum,
    macs: { dense, nonzero, fraction: dense === 0 ? 0 : nonzero / dense },
  };
}

/** How many of the batch the model classifies correctly, dropout off. labels: class ids [B]. */
export function correctCount(model: tfl.LayersModel, xs: tf.Tensor, labels: tf.Tensor): number {
  return tf.tidy(() => {
    // apply() with training off runs the whole batch at once (predict() would split it into 32s).
    const logits = model.apply(xs, { training: false });
    if (!(logits instanceof tf.Tensor)) throw new Error(`cges: model "${model.name}" must have one output`);
    return tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'int32')).dataSync()[0];
  });
}

/** Fraction of `data` the model classifies correctly, dropout off, in batches to bound memory. */
export function testAccuracy(model: tfl.LayersModel, data: LabelledImages, batchSize = 1000): number {
  const batchOptions = { labels: 'int', exampleShape: modelExampleShape(model), numClasses: modelClasses(model) } as const;
  let correct = 0;
  for (let start = 0; start < data.count; start += batchSize) {
    const { xs, labels } = sequentialBatch(data, start, batchSize, batchOptions);
    correct += correctCount(model, xs, labels);
    tf.dispose([xs, labels]);
  }
  return data.count === 0 ? 0 : correct / data.count;
}
