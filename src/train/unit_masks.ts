// Dead structure stays dead: once compaction would remove a unit (src/structure: dead_units.ts on a
// chain, dead_channels.ts on any other model), its weights are masked and no later step can bring it
// back. Masking a unit makes the training model compute what the compacted one computes:
// - a unit whose incoming weights are all zero outputs a constant (act(bias), carried on); that constant
//   is folded into its readers' biases first, exactly as compaction folds it;
// - then its weights (incoming, outgoing, its BatchNorm entries, its makers' biases) are set to zero,
//   and enforce() sets them to zero again after every step, whatever the optimiser did.
// A unit whose constant would have to be folded into a layer without a bias is not masked (that layer
// would need a new weight); compaction still removes it.
import type * as tfl from '@tensorflow/tfjs-layers';
import { editVariables } from '../backend/host_values.js';
import { analyseStructure, type Fold, type StructureAnalysis } from '../structure/structure_analysis.js';
import { unitFamilies, type FamilyOptions, type UnitFamily } from '../structure/unit_families.js';
import { variableOf, zeroFamilyUnits } from './unit_weights.js';

/** Masked units by family key (a chain's producing layer name), as a checkpoint stores them. */
export type MaskState = Record<string, number[]>;

function writeFolds(folds: readonly Fold[]): void {
  if (folds.length === 0) return;
  editVariables(folds.map((fold) => variableOf(fold.variable)), (arrays) => {
    folds.forEach((fold, i) => fold.values.forEach((value, v) => { arrays[i][v] = value; }));
  });
}

export class UnitMasks {
  private readonly masked = new Map<string, Set<number>>();
  /** enforce() runs after every step: the families are found once per model. */
  private familiesOf: { model: tfl.LayersModel; families: UnitFamily[] } | undefined;

  constructor(state: MaskState = {}, private readonly options: FamilyOptions = {}) {
    for (const [family, units] of Object.entries(state)) this.masked.set(family, new Set(units));
  }

  /** Masked units in all. */
  get count(): number {
    let total = 0;
    for (const units of this.masked.values()) total += units.size;
    return total;
  }

  toJSON(): MaskState {
    return Object.fromEntries([...this.masked].map(([family, units]) => [family, [...units].sort((a, b) => a - b)]));
  }

  /** Forgets every mask: after a shrink the masked units are gone from the model. */
  clear(): void {
    this.masked.clear();
  }

  /** The model's unit families, found once per model. */
  families(model: tfl.LayersModel): UnitFamily[] {
    if (this.familiesOf?.model !== model) this.familiesOf = { model, families: unitFamilies(model, this.options) };
    return this.familiesOf.families;
  }

  /**
   * Masks every unit compaction would now remove; returns how many were newly masked. `analysis` is the
   * analysis of the model's current weights for its families, when the caller has it.
   */
  update(model: tfl.LayersModel, analysis?: StructureAnalysis): number {
    const families = this.families(model);
    const { dead } = analysis ?? analyseStructure(model, families);
    let added = 0;
    families.forEach((family, k) => {
      const masked = this.masked.get(family.key) ?? new Set<number>();
      const fresh = dead[k].units.filter((u) => !masked.has(u));
      if (fresh.length === 0) return;
      writeFolds(dead[k].folds);
      fresh.forEach((u) => masked.add(u));
      this.masked.set(family.key, masked);
      added += fresh.length;
    });
    if (added > 0) this.enforce(model);
    return added;
  }

  /** Sets every masked weight to zero again (after each training step). */
  enforce(model: tfl.LayersModel): void {
    if (this.masked.size === 0) return;
    for (const family of this.families(model)) {
      const dead = this.masked.get(family.key);
      if (dead !== undefined && dead.size > 0) zeroFamilyUnits(family, [...dead]);
    }
  }
}
