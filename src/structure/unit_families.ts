// The units a cost target steers, by family. A family is what the controller treats as one layer: its
// units compete with each other (the prox's reweighting, the kept shares, the removal ranking) and share
// one group threshold, set by the schedule coefficient of `layer`.
// - On a chain, a family is one coupling of unit_groups.ts: a layer's units with the next layer's rows.
// - On any other model, a family is the channel sets of the coupling graph made by the same kernel
//   layers (graph_units.ts): a convolution's filters with their BatchNorm entries and every reader's rows,
//   or a whole residual stream, made by every convolution that adds into it.
// Which weights a unit holds is described here; editing them is src/train's business.
import type * as tfl from '@tensorflow/tfjs-layers';
import { kernelVariable, regularizedKernels } from '../models/kernels.js';
import { analyseChain, isChain } from './chain.js';
import { flattenedImage, type ImageShape } from './input_crop.js';
import { inputFeatureLayer } from './input_features.js';
import { CgesError } from '../util/errors.js';
import { couplingGraph, type CouplingGraph } from './coupling_graph.js';
import { graphUnits, type GraphUnit, type UnitSlice } from './graph_units.js';
import { unitCouplings, type UnitCoupling } from './unit_groups.js';

/** The flat indices of one variable a unit holds. */
export interface UnitPart {
  variable: tfl.LayerVariable;
  offsets: Int32Array;
  /** Whether training may change it: a frozen layer's part is left to the masks alone. */
  trainable: boolean;
}

interface FamilyBase {
  /** Names the family in masks and checkpoints. */
  key: string;
  /** The regularised kernel layer whose group coefficient sets the family's threshold. */
  layer: tfl.layers.Layer;
  units: number;
  /** Weights in one unit's group (the mean, where units differ), for the sqrt(|g|) normalisation. */
  groupSize: number;
}

export interface ChainFamily extends FamilyBase {
  kind: 'chain';
  coupling: UnitCoupling;
}

/** Units given as flat indices into the variables they hold. */
interface IndexedUnits {
  /** Each unit's group, one part per variable. */
  parts: UnitPart[][];
  /** Each unit's makers' bias entries: zeroed with a masked unit, not in its group. */
  biases: UnitPart[][];
}

export interface GraphFamily extends FamilyBase, IndexedUnits {
  kind: 'graph';
  /** Index of each unit's channel set in graph.sets. */
  sets: number[];
}

/**
 * A chain's input features (input_features.ts): unit f is row f of the first stage's kernel. Or, for an
 * image cropped at its border (input_crop.ts), unit p is pixel p, the rows of its channels.
 */
export interface InputFamily extends FamilyBase, IndexedUnits {
  kind: 'inputs';
  /**
   * Each unit's scale in the data (its standard deviation; a pixel's, the root mean square over its
   * channels), when known: a unit's weight in the family's norms is what it contributes,
   * ||rows|| * scale, so a feature that barely varies is weak whatever its weights, and one that never
   * varies has nothing to give.
   */
  scales?: Float64Array;
  /** The image whose pixels are the units, when the input is cropped rather than selected. */
  image?: ImageShape;
}

export type UnitFamily = ChainFamily | GraphFamily | InputFamily;

export interface FamilyOptions {
  /** Input features are units too (input_features.ts), on a chain whose first stage reads them. */
  pruneInputs?: boolean;
  /**
   * The image's pixels are units, a crop keeping the bounding box of those some unit reads
   * (input_crop.ts), on a chain whose input goes Flatten -> first Dense. Not beside pruneInputs.
   */
  cropInput?: boolean;
  /** Each input feature's scale in the data, flattened as Flatten lays an example out (InputFamily.scales). */
  inputScales?: Float64Array;
}

/** Flat indices of `variable` whose coordinate on `axis` is among `indices`. */
function flatOffsets(slice: UnitSlice): Int32Array {
  const shape = slice.variable.shape.map((d) => d ?? 0);
  const inner = shape.slice(slice.axis + 1).reduce((a, b) => a * b, 1);
  const dim = shape[slice.axis];
  const outer = shape.slice(0, slice.axis).reduce((a, b) => a * b, 1);
  const offsets = new Int32Array(outer * slice.indices.length * inner);
  let n = 0;
  for (let o = 0; o < outer; o++) {
    for (const i of slice.indices) {
      const base = (o * dim + i) * inner;
      for (let j = 0; j < inner; j++) offsets[n++] = base + j;
    }
  }
  return offsets;
}

/**
 * A unit's slices as one part per variable: a layer that both makes and reads a set (a convolution in a
 * residual stream) holds some weights on both of its axes, which count once.
 */
function partsOf(slices: UnitSlice[]): UnitPart[] {
  const byVariable = new Map<tfl.LayerVariable, { slice: UnitSlice; offsets: Set<number> }>();
  for (const slice of slices) {
    const entry = byVariable.get(slice.variable) ?? { slice, offsets: new Set<number>() };
    for (const offset of flatOffsets(slice)) entry.offsets.add(offset);
    byVariable.set(slice.variable, entry);
  }
  return [...byVariable.values()].map(({ slice, offsets }) => ({
    variable: slice.variable,
    offsets: Int32Array.from(offsets).sort(),
    trainable: slice.layer.trainable && slice.variable.trainable,
  }));
}

/** The kernel layers that make a unit's channels: those with an output-channel slice in its group. */
function makers(unit: GraphUnit): tfl.layers.Layer[] {
  return [...new Set(unit.slices.filter((slice) => slice.role === 'out').map((slice) => slice.layer))];
}

/** The graph's removable units, grouped by the kernel layers that make them. */
export function graphFamilies(graph: CouplingGraph, model: tfl.LayersModel): GraphFamily[] {
  const order = new Map(regularizedKernels(model).map((kernel, i) => [kernel.layer, i]));
  const byKey = new Map<string, { layer: tfl.layers.Layer; units: GraphUnit[] }>();
  for (const unit of graphUnits(graph)) {
    const made = makers(unit);
    // The family's threshold comes from its first regularised maker, else its first regularised reader.
    const candidates = [...made, ...unit.slices.map((slice) => slice.layer)].filter((layer) => order.has(layer));
    if (candidates.length === 0) continue; // nothing of it trains: no group to press
    const layer = made.find((l) => order.has(l)) ?? candidates.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))[0];
    const key = made.length > 0 ? made.map((l) => l.name).join('+') : `read by ${layer.name}`;
    const family = byKey.get(key) ?? { layer, units: [] };
    family.units.push(unit);
    byKey.set(key, family);
  }
  return [...byKey].map(([key, { layer, units }]): GraphFamily => {
    const parts = units.map((unit) => partsOf(unit.slices));
    const weights = parts.reduce((sum, unitParts) => sum + unitParts.reduce((n, part) => n + part.offsets.length, 0), 0);
    return {
      kind: 'graph', key, layer, units: units.length, groupSize: weights / units.length,
      sets: units.map((unit) => unit.set), parts, biases: units.map((unit) => partsOf(unit.biases)),
    };
  });
}

const graphs = new WeakMap<tfl.LayersModel, CouplingGraph>();

/** The coupling graph of `model`, built once: it reads shapes, not weights. */
export function couplingGraphOf(model: tfl.LayersModel): CouplingGraph {
  let graph = graphs.get(model);
  if (graph === undefined) {
    graph = couplingGraph(model);
    graphs.set(model, graph);
  }
  return graph;
}

/** Row r's unit: a feature is its own unit; a pixel holds its `channels` rows. */
function rowGroups(rows: number, channels: number): number[][] {
  return Array.from({ length: rows / channels }, (_, u) => Array.from({ length: channels }, (__, c) => u * channels + c));
}

/** A unit's scale from its rows': the root mean square, which for one row is the row's own. */
function groupScales(scales: Float64Array, groups: number[][]): Float64Array {
  return Float64Array.from(groups, (rows) => Math.sqrt(rows.reduce((sum, r) => sum + scales[r] * scales[r], 0) / rows.length));
}

/**
 * The first stage's kernel rows as units, when the chain starts with a Dense on its input: one unit per
 * input feature, or with cropInput one per pixel of the image it flattens.
 */
function inputFamily(model: tfl.LayersModel, cropInput: boolean, scales?: Float64Array): InputFamily | undefined {
  const chain = analyseChain(model);
  const image = cropInput ? flattenedImage(chain) : undefined;
  // A crop reads the image's pixels behind the input's normalisation too; selected features must be the input's own.
  const layer = !cropInput ? inputFeatureLayer(chain) : image === undefined ? undefined : chain.stages[0].layer;
  const kernel = layer === undefined ? undefined : kernelVariable(layer);
  if (layer === undefined || kernel === undefined || !layer.trainable) return undefined;
  const [rows, cols] = kernel.shape.map((d) => d ?? 0);
  if (scales !== undefined && scales.length !== rows) {
    throw new CgesError(`the data has ${scales.length} input features, layer ${layer.name} reads ${rows}`);
  }
  const groups = rowGroups(rows, image?.[2] ?? 1);
  const rowOffsets = (r: number) => Array.from({ length: cols }, (_, v) => r * cols + v);
  const parts = groups.map((unitRows): UnitPart[] => [{
    variable: kernel, offsets: Int32Array.from(unitRows.flatMap(rowOffsets)), trainable: true,
  }]);
  return {
    kind: 'inputs', key: image === undefined ? 'input' : 'input pixels', layer, units: groups.length,
    groupSize: cols * (image?.[2] ?? 1), parts, biases: parts.map(() => []),
    scales: scales === undefined ? undefined : groupScales(scales, groups), image,
  };
}

/**
 * The unit families of `model`: a chain's couplings (and, with pruneInputs or cropInput, its input
 * features or pixels), or its coupling graph's families.
 */
export function unitFamilies(
  model: tfl.LayersModel, { pruneInputs = false, cropInput = false, inputScales }: FamilyOptions = {},
): UnitFamily[] {
  if (!isChain(model)) return graphFamilies(couplingGraphOf(model), model);
  const families: UnitFamily[] = unitCouplings(model).map((coupling): ChainFamily => ({
    kind: 'chain', key: coupling.producer.name, layer: coupling.producer, units: coupling.units,
    groupSize: coupling.groupSize, coupling,
  }));
  if (pruneInputs && cropInput) throw new CgesError('the input is either cropped or its features selected, not both');
  const inputs = pruneInputs || cropInput ? inputFamily(model, cropInput, inputScales) : undefined;
  return inputs === undefined ? families : [...families, inputs];
}
