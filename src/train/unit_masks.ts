// Dead structure stays dead: once compaction would remove a unit (src/structure/dead_units.ts), its
// weights are masked and no later step can bring it back. Masking a unit makes the training model
// compute what the compacted one computes:
// - a unit whose incoming weights are all zero outputs the constant act(bias); that constant is folded
//   into the next layer's bias first, exactly as compaction folds it;
// - then its incoming column, its bias and its outgoing rows in the next layer are set to zero, and
//   enforce() sets them to zero again after every step, whatever the optimiser did.
// A unit whose constant would have to be folded into a layer without a bias is not masked (that layer
// would need a new weight); compaction still removes it.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { editVariables } from '../backend/host_values.js';
import { analyseDeadUnits, type DeadUnitAnalysis } from '../structure/compacted_cost.js';
import { unitCouplings, type UnitCoupling } from '../structure/unit_groups.js';

/** Masked units by producing layer name, as a checkpoint stores them. */
export type MaskState = Record<string, number[]>;

function variableOf(weight: tfl.LayerVariable): tf.Variable {
  const value = weight.read();
  if (!(value instanceof tf.Variable)) throw new Error(`cges: weight ${weight.name} is not a variable`);
  return value;
}

function biasOf(layer: tfl.layers.Layer): tfl.LayerVariable | undefined {
  return layer.weights.find((w) => w.originalName.endsWith('/bias'));
}

/** Zeroes units `dead` of a coupling: the producer's columns and biases, the consumer's rows. */
export function zeroUnits(coupling: UnitCoupling, dead: readonly number[]): void {
  const bias = biasOf(coupling.producer);
  const variables = [coupling.producerKernel, coupling.consumerKernel, ...(bias === undefined ? [] : [bias])];
  editVariables(variables.map(variableOf), ([wIn, wOut, b]) => {
    const { units, colsOut } = coupling;
    for (const u of dead) {
      for (let i = u; i < wIn.length; i += units) wIn[i] = 0;
      for (let row = u; row * colsOut < wOut.length; row += units) wOut.fill(0, row * colsOut, (row + 1) * colsOut);
      if (b !== undefined) b[u] = 0;
    }
  });
}

export class UnitMasks {
  private readonly masked = new Map<string, Set<number>>();
  /** enforce() runs after every step: the chain analysis behind the couplings is done once per model. */
  private couplingsOf: { model: tfl.LayersModel; couplings: UnitCoupling[] } | undefined;

  constructor(state: MaskState = {}) {
    for (const [layer, units] of Object.entries(state)) this.masked.set(layer, new Set(units));
  }

  /** Masked units in all. */
  get count(): number {
    let total = 0;
    for (const units of this.masked.values()) total += units.size;
    return total;
  }

  toJSON(): MaskState {
    return Object.fromEntries([...this.masked].map(([layer, units]) => [layer, [...units].sort((a, b) => a - b)]));
  }

  /** Forgets every mask: after a shrink the masked units are gone from the model. */
  clear(): void {
    this.masked.clear();
  }

  /**
   * Masks every unit compaction would now remove; returns how many were newly masked. `analysis` is the
   * dead-unit analysis of the model's current weights, when the caller has it.
   */
  update(model: tfl.LayersModel, analysis: DeadUnitAnalysis = analyseDeadUnits(model)): number {
    const { chain, decisions } = analysis;
    const couplings = new Map(this.couplings(model).map((c) => [c.producer.name, c]));
    let added = 0;
    chain.stages.forEach((stage, i) => {
      const coupling = couplings.get(stage.layer.name);
      if (coupling === undefined) return;
      const masked = this.masked.get(stage.layer.name) ?? new Set<number>();
      const kept = new Set(decisions[i].keepOut);
      const dead = Array.from({ length: coupling.units }, (_, u) => u).filter((u) => !kept.has(u) && !masked.has(u));
      if (dead.length === 0 || !this.foldInto(coupling.consumer, decisions[i + 1].bias)) return;
      dead.forEach((u) => masked.add(u));
      this.masked.set(stage.layer.name, masked);
      added += dead.length;
    });
    if (added > 0) this.enforce(model);
    return added;
  }

  /** Writes the consumer's bias with the folded constants; false when it has none to take them. */
  private foldInto(consumer: tfl.layers.Layer, folded: Float64Array): boolean {
    const bias = biasOf(consumer);
    if (bias === undefined) return folded.every((value) => value === 0);
    editVariables([variableOf(bias)], ([b]) => {
      folded.forEach((value, v) => { b[v] = value; });
    });
    return true;
  }

  private couplings(model: tfl.LayersModel): UnitCoupling[] {
    if (this.couplingsOf?.model !== model) this.couplingsOf = { model, couplings: unitCouplings(model) };
    return this.couplingsOf.couplings;
  }

  /** Sets every masked weight to zero again (after each training step). */
  enforce(model: tfl.LayersModel): void {
    if (this.masked.size === 0) return;
    for (const coupling of this.couplings(model)) {
      const dead = this.masked.get(coupling.producer.name);
      if (dead !== undefined && dead.size > 0) zeroUnits(coupling, [...dead]);
    }
  }
}

