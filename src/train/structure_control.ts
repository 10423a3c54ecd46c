// What a run does with structure besides the regulariser's own steps: keeping dead units masked, steering
// the unit-group strength towards a cost target at control points, removing the weakest units where the
// prox falls behind the planned path (cost_target.ts), closing the gap at the deadline, and
// switching to fine-tuning (regulariser off, masks kept) once the target is reached or, without a
// target, for the last `finetune` steps. Its state is plain JSON, so a checkpoint resumes it exactly.
// A control point reads the weights' dead-unit analysis once, and again only after forced removal has
// changed them: the masks, the controller's cost and whether a shrink pays all read the same one.
//   step:      0 ........ reached (or deadline = iterations - finetune) ........ iterations
//   phase:     sparsify (controller, masks)             finetune (masks only)
import type * as tfl from '@tensorflow/tfjs-layers';
import { regularizedKernels } from '../models/kernels.js';
import { countMacs, countParams } from '../models/macs.js';
import { analyseStructure, type StructureAnalysis } from '../structure/structure_analysis.js';
import { unitFamilies, type FamilyOptions, type UnitFamily } from '../structure/unit_families.js';
import { CgesError } from '../util/errors.js';
import {
  checkCostTarget, checkTargetFits, costFractions, keptShares, nextStrength, plannedFractions, startStrength, targetReached,
  type CostFractions, type CostTarget, type DenseCost,
} from './cost_target.js';
import { pruneToGoal } from './force_prune.js';
import { UnitGroupRegularizer } from './regularizers/unit_group_regularizer.js';
import type { Regularizer } from './regularizers/types.js';
import type { DenseReference } from './metrics.js';
import { SHRINK_BELOW, type ModelShrinker } from './shrink.js';
import { UnitMasks, type MaskState } from './unit_masks.js';

export interface StructureOptions {
  /** Train until the network compaction would produce fits this, then fine-tune. */
  target?: CostTarget;
  /** Fine-tuning steps at the end, regulariser off; under a target, the least left after reaching it. */
  finetune?: number;
  /** Keep dead units masked (see unit_masks.ts). */
  masks?: boolean;
  /** Steps between control points (masks updated, strength adjusted). */
  controlEvery?: number;
  /**
   * Go on with a smaller model where it pays (shrink.ts): at a control point, when the masked model's
   * compaction would cost at most SHRINK_BELOW of its MACs, and when fine-tuning starts. Needs masks.
   */
  shrink?: ModelShrinker;
  /**
   * The model's input features are units too, when its first layer is a Dense on the (flattened) input
   * (src/structure/input_features.ts): the target counts what dropping them saves, and the compacted
   * model takes the kept ones alone.
   */
  pruneInputs?: boolean;
  /**
   * The image's border no unit reads is cropped, when it goes Flatten -> first Dense
   * (src/structure/input_crop.ts): its pixels are units, and the target counts what the crop saves. The
   * compacted model keeps its input shape (a Cropping2D inside). Not beside pruneInputs.
   */
  cropInput?: boolean;
  /** Each input feature's standard deviation in the training data (InputFamily.scales); train() measures it. */
  inputScales?: Float64Array;
}

export type Phase = 'sparsify' | 'finetune';

export interface ControlState {
  phase: Phase;
  /** The unit-group strength multiplier (1 without a target). */
  strength: number;
  keptShares: number[] | null;
  /** The step the target was met at (forced removal included); null while, or if never, met. */
  reachedAtStep: number | null;
  /** Units removed to keep to the plan (or to meet the target at the deadline) where the prox fell behind. */
  forcedUnits: number;
  /** Each forced removal: its step, its units, and whether it was the deadline's (absent in older checkpoints). */
  forcedRemovals?: ForcedRemoval[];
  finetuneStartStep: number | null;
  testAccuracyBeforeFinetune: number | null;
  masks: MaskState;
  /** Cost of the model the run started from: fractions are of this. */
  dense: DenseCost;
  /** The model the run started from, for the sparsity figures (absent in checkpoints from before shrinking). */
  reference?: DenseReference;
  /** Steps at which the training model was replaced by a smaller one. */
  shrinkSteps?: number[];
  /**
   * Weights in each unit group |g| of the model the run started from, by family: the group-lasso
   * normalisation keeps these after a shrink, so a shrunk run is regularised as the masked one would be
   * (absent in older checkpoints: the model's own).
   */
  groupSizes?: number[];
}

export interface ForcedRemoval {
  step: number;
  units: number;
  atDeadline: boolean;
}

/** Share of the iterations fine-tuning gets by default under a target. */
export const DEFAULT_FINETUNE_SHARE = 0.25;
/**
 * The plan is kept by removing units only after this share of the sparsifying steps, and with that lag:
 * before, the prox alone has had too few steps to tell weak units from strong ones.
 */
export const PRUNE_LAG = 0.1;
/** Control points over the sparsifying steps by default. */
export const CONTROL_POINTS = 100;

export function denseCost(model: tfl.LayersModel): DenseCost {
  return {
    macs: countMacs(model).total,
    params: countParams(model).total,
    kernelWeights: regularizedKernels(model).reduce((sum, kernel) => sum + kernel.variable.read().size, 0),
  };
}

/** The settings a run resolves from StructureOptions and its length. */
export function resolveStructure(
  options: StructureOptions, iterations: number,
): Required<Omit<StructureOptions, 'target' | 'shrink' | 'pruneInputs' | 'cropInput' | 'inputScales'>> & StructureOptions {
  const { target } = options;
  if (target !== undefined) checkCostTarget(target);
  const finetune = options.finetune ?? (target === undefined ? 0 : Math.round(DEFAULT_FINETUNE_SHARE * iterations));
  if (!Number.isSafeInteger(finetune) || finetune < 0 || finetune >= iterations) {
    throw new CgesError(`finetune must be an integer in [0, iterations), got ${finetune} of ${iterations}`);
  }
  const controlEvery = options.controlEvery ?? Math.max(1, Math.round((iterations - finetune) / CONTROL_POINTS));
  if (!Number.isSafeInteger(controlEvery) || controlEvery <= 0) {
    throw new CgesError(`control-every must be a positive integer, got ${controlEvery}`);
  }
  const masks = options.masks ?? target !== undefined;
  // Without masks a removed unit can come back (momentum, Adam), so the run would not end at its target.
  if (target !== undefined && !masks) {
    throw new CgesError('a cost target needs masks: masks false lets removed units come back');
  }
  if (options.shrink !== undefined && !masks) throw new CgesError('shrinking while training needs masks');
  const { shrink, pruneInputs, cropInput, inputScales } = options;
  if (pruneInputs === true && cropInput === true) {
    throw new CgesError('pruneInputs and cropInput both cut the input: selecting the features already cuts the unread border');
  }
  return { target, finetune, masks, controlEvery, shrink, pruneInputs, cropInput, inputScales };
}

export class StructureControl {
  readonly masks: UnitMasks;
  /** Set at a control point where a shrink pays; the trainer then shrinks and calls shrunk(). */
  shrinkDue = false;
  private readonly state: ControlState;
  private readonly unitRegularizer: UnitGroupRegularizer | undefined;
  /** The analysis of a model's weights; replaceable, so a test can count what a control point runs. */
  analyse: (model: tfl.LayersModel) => StructureAnalysis = (model) => analyseStructure(model, this.families(model));

  constructor(
    model: tfl.LayersModel, regularizer: Regularizer, readonly options: ReturnType<typeof resolveStructure>,
    readonly iterations: number, firstEta: number, reference: DenseReference, saved?: ControlState,
  ) {
    this.unitRegularizer = regularizer instanceof UnitGroupRegularizer ? regularizer : undefined;
    if (options.target !== undefined && this.unitRegularizer === undefined) {
      throw new CgesError('a cost target needs the cges or group regulariser with grouping "unit"');
    }
    this.state = saved === undefined ? this.initialState(model, firstEta) : structuredClone(saved);
    this.state.reference ??= reference;
    this.state.shrinkSteps ??= [];
    this.state.forcedRemovals ??= [];
    this.masks = new UnitMasks(this.state.masks, this.familyOptions);
    this.state.groupSizes ??= this.families(model).map((family) => family.groupSize);
    // A unit already removable before the first step is masked before it, too.
    if (saved === undefined && options.masks) this.masks.update(model);
    this.applyControl();
  }

  private initialState(model: tfl.LayersModel, firstEta: number): ControlState {
    const state: ControlState = {
      phase: 'sparsify', strength: 1, keptShares: null, reachedAtStep: null, forcedUnits: 0,
      finetuneStartStep: null, testAccuracyBeforeFinetune: null, masks: {}, dense: denseCost(model),
    };
    const { target } = this.options;
    if (target !== undefined && this.unitRegularizer !== undefined) {
      checkTargetFits(model, target, this.familyOptions);
      const families = unitFamilies(model, this.familyOptions);
      const analysis = analyseStructure(model, families);
      state.keptShares = keptShares(families, analysis, target, { macs: 1, params: 1 }, state.dense);
      state.strength = startStrength(model, families, state.keptShares, this.unitRegularizer.settings, firstEta);
    }
    return state;
  }

  /** Which families a model has: its input features too, with pruneInputs, or its pixels, with cropInput. */
  private get familyOptions(): FamilyOptions {
    const { pruneInputs, cropInput, inputScales } = this.options;
    return { pruneInputs, cropInput, inputScales };
  }

  /** The unit families of `model`, which the masks find once per model. */
  private families(model: tfl.LayersModel): UnitFamily[] {
    return this.masks.families(model);
  }

  /** Hands strength, weights and phase to the regulariser. */
  private applyControl(): void {
    const control = this.unitRegularizer?.control;
    if (control === undefined) return;
    control.strength = this.state.strength;
    control.keptShares = this.state.keptShares ?? undefined;
    control.reweighted = this.options.target !== undefined;
    control.groupSizes = this.state.groupSizes;
    control.families = this.familyOptions;
  }

  get phase(): Phase {
    return this.state.phase;
  }

  /** The step fine-tuning started at; null while sparsifying. */
  get finetuneStart(): number | null {
    return this.state.finetuneStartStep;
  }

  get strength(): number {
    return this.state.strength;
  }

  /** What the run's figures are shares of: the model it started from. */
  get reference(): DenseReference {
    if (this.state.reference === undefined) throw new Error('cges: the structure control has no reference');
    return this.state.reference;
  }

  /** The step by which sparsifying ends, target reached or not. */
  get deadline(): number {
    return this.iterations - this.options.finetune;
  }

  /** The compacted network's cost now, as fractions of the dense model the run started from. */
  fractions(
    model: tfl.LayersModel, analysis = this.analyse(model),
  ): CostFractions & { macsCount: number; paramsCount: number } {
    const { cost } = analysis;
    return { ...costFractions(cost, this.state.dense), macsCount: cost.macs, paramsCount: cost.params };
  }

  snapshot(): ControlState {
    return { ...structuredClone(this.state), masks: this.masks.toJSON() };
  }

  /** Whether the regulariser is on for the next step. */
  get regularizing(): boolean {
    return this.state.phase === 'sparsify';
  }

  /**
   * Runs after every step: masks, then at control points the controller, the deadline, and the switch
   * to fine-tuning. `accuracy` measures the model (test accuracy) when fine-tuning starts.
   */
  afterStep(model: tfl.LayersModel, step: number, accuracy?: () => number): void {
    if (this.options.masks) this.masks.enforce(model);
    if (this.state.phase !== 'sparsify') return;
    const atDeadline = step >= this.deadline;
    if (step % this.options.controlEvery !== 0 && !atDeadline) return;
    const analysis = this.controlPoint(model, step, atDeadline, accuracy);
    this.shrinkDue = this.options.shrink !== undefined && this.shrinkPays(analysis);
  }

  /**
   * Whether the model's compaction saves enough to rebuild it: any saving once fine-tuning starts. A
   * shrink keeps the input whole, so what cutting the input saves is not counted: it would shrink again
   * at every control point to the same model.
   */
  private shrinkPays(analysis: StructureAnalysis): boolean {
    const cost = analysis.shrunkCost ?? analysis.cost;
    if (this.state.phase === 'finetune') return cost.macs < cost.denseMacs || cost.params < cost.denseParams;
    return cost.macs <= SHRINK_BELOW * cost.denseMacs;
  }

  /** The training model is now `model`, the shrunk one: the masked units are gone with the old one. */
  shrunk(model: tfl.LayersModel, step: number): void {
    this.shrinkDue = false;
    this.masks.clear();
    const analysis = this.analyse(model);
    this.masks.update(model, analysis);
    this.state.shrinkSteps?.push(step);
    // Kept shares are shares of the units of the model they were computed on: taken afresh on the new
    // one, they keep the same units (the removal order of a compaction is the masked model's), where
    // the old shares of fewer units would keep fewer and press units the target keeps.
    const { target } = this.options;
    if (target !== undefined && this.state.phase === 'sparsify') {
      this.state.keptShares = keptShares(this.families(model), analysis, target, this.fractions(model, analysis), this.state.dense);
      this.applyControl();
    }
  }

  /** One control point; returns the analysis of the weights it leaves. */
  private controlPoint(
    model: tfl.LayersModel, step: number, atDeadline: boolean, accuracy?: () => number,
  ): StructureAnalysis {
    let analysis = this.analyse(model);
    // Masking removes nothing compaction keeps and folds what it folds, so the analysis still holds after it.
    if (this.options.masks) this.masks.update(model, analysis);
    const { target } = this.options;
    if (target === undefined) {
      if (atDeadline && this.options.finetune > 0) this.startFinetune(step, accuracy);
      return analysis;
    }
    let fractions = this.fractions(model, analysis);
    // The strength follows what the prox achieved on its own; then the plan is kept by removing the
    // units the prox has pressed furthest, if it fell behind (at the deadline: the target itself).
    this.state.strength = nextStrength(this.state.strength, target, fractions, step, this.deadline);
    const goal = atDeadline ? target : plannedFractions(target, step - PRUNE_LAG * this.deadline, this.deadline);
    if (step >= PRUNE_LAG * this.deadline && !targetReached(goal, fractions)) {
      const pruned = pruneToGoal(model, this.families(model), goal, this.state.dense, this.analyse, analysis);
      if (pruned.removed > 0) {
        this.state.forcedUnits += pruned.removed;
        this.state.forcedRemovals?.push({ step, units: pruned.removed, atDeadline });
        analysis = pruned.analysis;
        if (this.options.masks) this.masks.update(model, analysis);
        fractions = this.fractions(model, analysis);
      }
    }
    const reached = targetReached(target, fractions);
    // Forced removal stops at one unit per layer, so a deadline can pass with the target unmet.
    if (reached) this.state.reachedAtStep = step;
    if (reached || atDeadline) {
      this.startFinetune(step, accuracy);
      return analysis;
    }
    this.state.keptShares = keptShares(this.families(model), analysis, target, fractions, this.state.dense);
    this.applyControl();
    return analysis;
  }

  /** Every caller has just updated the masks. */
  private startFinetune(step: number, accuracy?: () => number): void {
    this.state.phase = 'finetune';
    this.state.finetuneStartStep = step;
    this.state.testAccuracyBeforeFinetune = accuracy?.() ?? null;
    this.applyControl();
  }
}
