// What a control point reads of a model's current weights, for any model: the cost of the network
// compaction would produce, the units of each family compaction would remove (which the masks zero), and
// what removing one more unit would save (which the removal ranking weighs units by). A chain is read by
// its stages (dead_units.ts), any other model by its coupling graph (dead_channels.ts): the same rules
// compaction itself applies to each.
import type * as tfl from '@tensorflow/tfjs-layers';
import { outputPositions } from '../models/macs.js';
import { analyseDeadUnits, costOfDecisions, type CompactedCost, type DeadUnitAnalysis } from './compacted_cost.js';
import { decideChannels, type ChannelDecision } from './dead_channels.js';
import { costOfRemovedSets } from './graph_compacted_cost.js';
import { graphCost } from './graph_cost.js';
import { isChain } from './chain.js';
import { readFeatures, unreadUnits } from './input_features.js';
import { biasOf } from './weight_axes.js';
import { couplingGraphOf, type ChainFamily, type GraphFamily, type InputFamily, type UnitFamily } from './unit_families.js';

/** A bias with constants of removed units folded in (float64), to be written before they are masked. */
export interface Fold {
  variable: tfl.LayerVariable;
  values: Float64Array;
}

export interface DeadInFamily {
  /** Units compaction would remove that the masks may zero now. */
  units: number[];
  /** Biases to write before zeroing them, so that the model computes what the compacted one does. */
  folds: Fold[];
}

export interface CostCounts {
  macs: number;
  params: number;
}

export interface StructureAnalysis {
  cost: CompactedCost;
  /**
   * The cost of the compaction a run shrinks to while training (compactModel without pruneInputs or
   * cropInput: a training model keeps its input), where it differs from `cost`.
   */
  shrunkCost?: CompactedCost;
  /** Per family, in the order of the families analysed. */
  dead: DeadInFamily[];
  /**
   * What removing one more unit of family k saves, given the share of each family's units still live
   * (`liveShare(j)`), which a ranking that removes many units at once updates as it goes. For an image's
   * pixels (InputFamily.image) it is what each pixel of a border line cut off the crop saves, and their
   * live share is the crop's share of the image: a pixel inside the crop saves nothing by itself.
   */
  saving(k: number, liveShare: (j: number) => number): CostCounts;
  /** The chain's own analysis, when the model is a chain. */
  chain?: DeadUnitAnalysis;
}

/** What one unit of a coupling holds, by side: its column (applied at the producer's positions) and its rows. */
function chainParts({ coupling }: ChainFamily) {
  const rowsIn = coupling.producerKernel.shape.reduce<number>((a, b) => a * (b ?? 0), 1) / coupling.units;
  const inMacs = rowsIn * outputPositions(coupling.producer);
  const rowsOut = coupling.groupSize - rowsIn;
  return {
    inMacs, outMacs: coupling.macsPerUnit - inMacs,
    inParams: rowsIn, bias: coupling.paramsPerUnit - coupling.groupSize, outParams: rowsOut,
  };
}

function analyseChainFamilies(model: tfl.LayersModel, families: (ChainFamily | InputFamily)[]): StructureAnalysis {
  const inputs = families.find((f): f is InputFamily => f.kind === 'inputs');
  const cropInput = inputs?.image !== undefined;
  const chain = analyseDeadUnits(model, { pruneInputs: inputs !== undefined && !cropInput, cropInput });
  const stageOf = new Map(chain.chain.stages.map((stage, i) => [stage.layer, i]));
  const dead = families.map((family): DeadInFamily => {
    if (family.kind === 'inputs') {
      // The features (or pixels) no live unit reads, whether the input is narrowed to the rest or cropped.
      const read = readFeatures(chain.weights[0], chain.decisions[0].keepOut);
      return { units: unreadUnits(read, family.units, family.image?.[2] ?? 1), folds: [] };
    }
    const { coupling } = family;
    const i = stageOf.get(coupling.producer);
    if (i === undefined) return { units: [], folds: [] };
    const kept = new Set(chain.decisions[i].keepOut);
    const units = Array.from({ length: coupling.units }, (_, u) => u).filter((u) => !kept.has(u));
    const folded = chain.decisions[i + 1].bias;
    const bias = biasOf(coupling.consumer);
    // A constant the consumer has no bias to take cannot be masked (that layer would need a new weight).
    if (bias === undefined) return { units: folded.every((value) => value === 0) ? units : [], folds: [] };
    return { units, folds: units.length === 0 ? [] : [{ variable: bias, values: folded }] };
  });
  // A unit's column is applied to the live units feeding it (or the live input features), its rows to the
  // live units of the next layer; an input feature is a row of the first layer, read by its live units.
  const producerOf = (f: ChainFamily | InputFamily) => (f.kind === 'inputs' ? undefined : f.coupling.producer);
  const consumerOf = (f: ChainFamily | InputFamily) => (f.kind === 'inputs' ? f.layer : f.coupling.consumer);
  const feeding = families.map((f) => (f.kind === 'inputs' ? -1
    : families.findIndex((g) => (g.kind === 'inputs' ? g.layer === f.coupling.producer : consumerOf(g) === producerOf(f)))));
  const fed = families.map((f) => families.findIndex((g) => producerOf(g) !== undefined && producerOf(g) === consumerOf(f)));
  const parts = families.map((f) => (f.kind === 'inputs'
    ? { inMacs: 0, outMacs: f.groupSize, inParams: 0, bias: 0, outParams: f.groupSize } : chainParts(f)));
  const { decisions, weights } = chain;
  const wholeInput = { ...decisions[0], keepIn: Array.from({ length: weights[0].channels }, (_, c) => c) };
  const inputKept = { ...chain, decisions: [wholeInput, ...decisions.slice(1)] };
  return {
    cost: costOfDecisions(model, chain),
    shrunkCost: inputs === undefined ? undefined : costOfDecisions(model, inputKept),
    dead,
    chain,
    saving(k, liveShare) {
      const { inMacs, outMacs, inParams, bias, outParams } = parts[k];
      const before = feeding[k] < 0 ? 1 : liveShare(feeding[k]);
      const after = fed[k] < 0 ? 1 : liveShare(fed[k]);
      return { macs: inMacs * before + outMacs * after, params: inParams * before + bias + outParams * after };
    },
  };
}

/**
 * Masking a removed set zeroes its rows in every reader, so a constant it held must be in the readers'
 * biases first. The folded biases hold the constants of every removed set, so they are written only when
 * every constant set is masked with them: when a reader with no bias would take a constant, or a
 * constant set is in no family (nothing of it trains), only the sets nobody reads are masked.
 */
function maskableSets(decision: ChannelDecision, familySets: ReadonlySet<number>): { sets: Set<number>; folds: Fold[] } {
  const folds: Fold[] = [];
  let writable = [...decision.removed].every(([set, reason]) => reason === 'unread' || familySets.has(set));
  for (const [layer, values] of decision.biases) {
    const variable = biasOf(layer);
    if (variable === undefined) writable = false;
    else folds.push({ variable, values });
  }
  const sets = [...decision.removed].flatMap(([set, reason]) => (writable || reason === 'unread' ? [set] : []));
  return { sets: new Set(sets), folds: writable ? folds : [] };
}

function analyseGraphFamilies(model: tfl.LayersModel, families: GraphFamily[]): StructureAnalysis {
  const graph = couplingGraphOf(model);
  const decision = decideChannels(graph);
  const { sets, folds } = maskableSets(decision, new Set(families.flatMap((family) => family.sets)));
  const dead = families.map((family): DeadInFamily => {
    const units = family.sets.flatMap((set, u) => (sets.has(set) ? [u] : []));
    return { units, folds: units.length === 0 ? [] : folds };
  });
  const removed = new Set(decision.removed.keys());
  const cost = costOfRemovedSets(graph, removed);
  const savings = new Map<number, CostCounts>();
  return {
    cost,
    dead,
    // What the family's first live unit saves with the removed sets gone: units of one family sit in the
    // same places, so one stands for all.
    saving(k) {
      let found = savings.get(k);
      if (found === undefined) {
        const set = families[k].sets.find((s) => !removed.has(s));
        const without = set === undefined ? cost : graphCost(graph, new Set([...removed, set]));
        found = { macs: cost.macs - without.macs, params: cost.params - without.params };
        savings.set(k, found);
      }
      return found;
    },
  };
}

/** The analysis of `model`'s current weights for `families` (unitFamilies(model)). */
export function analyseStructure(model: tfl.LayersModel, families: UnitFamily[]): StructureAnalysis {
  // unitFamilies gives a chain its couplings and input features only, any other model graph families only.
  if (isChain(model)) return analyseChainFamilies(model, families.filter((f): f is ChainFamily | InputFamily => f.kind !== 'graph'));
  return analyseGraphFamilies(model, families.filter((f): f is GraphFamily => f.kind === 'graph'));
}
