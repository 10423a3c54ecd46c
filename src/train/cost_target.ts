// The cost-target controller: how strong the unit-group term is, step by step, so that the network
// compaction would produce shrinks along a planned path to the user's cost target. Policy only: the
// group maths is in src/prox, what compaction would produce in src/structure.
//
// - Plan: the cost fraction should fall geometrically from 1 to the target, c*(t) = target^(t / T), and
//   reach it at T = PLAN_SHARE * deadline, early, so that most of the run trains the structure reached.
//   Geometric, because each further halving of the cost is about as hard as the last.
// - Law: at every control point the error in log space, e = (ln c - ln c*(t)) / |ln target| (the worst
//   over the targets, clamped to [-1, 1]), multiplies the strength by exp(gain * e): behind the plan the
//   strength grows geometrically, ahead of it the strength eases off to spare accuracy. Removed units
//   cannot come back, and once the strength passes the point where units give way many go within a few
//   steps, so the gain is small going up and large coming down.
// - Allocation between layers: removalOrder ranks the live units by their share of their layer's norm per
//   share of the cost they save, and the units it takes to reach the target are the ones the group prox
//   presses (keptShares gives each layer's kept share).
// - Start: the strength is calibrated from the weights, not the data, so that in the most pressed layer
//   the strongest unit to go would shrink by START_SHRINK of its norm per step at the first learning rate.
import type * as tfl from '@tensorflow/tfjs-layers';
import { regularizedKernels } from '../models/kernels.js';
import { layerCoefficients } from '../prox/index.js';
import type { CompactedCost, InputOptions } from '../structure/compacted_cost.js';
import { boxArea, liveBox, type PixelBox } from '../structure/input_crop.js';
import { smallestCost } from '../structure/cost_limits.js';
import type { StructureAnalysis } from '../structure/structure_analysis.js';
import type { UnitFamily } from '../structure/unit_families.js';
import { CgesError } from '../util/errors.js';
import { weakestSide } from './crop_lines.js';
import { keptUnits, unitThreshold, type UnitGroupSettings } from './regularizers/unit_group_regularizer.js';
import { familySquaredNorms, pressReference } from './unit_weights.js';

/** Cost fractions of the dense model the compacted network must fit; at least one is given. */
export interface CostTarget {
  macs?: number;
  params?: number;
}

export interface CostFractions {
  macs: number;
  params: number;
}

/** The share of the sparsifying steps by which the plan reaches the target. */
export const PLAN_SHARE = 0.2;
/** Strength change per control point at full error: up e^0.15 = x1.16 behind the plan, down e^-1 ahead. */
export const GAIN_UP = 0.15;
export const GAIN_DOWN = 1;
/** Relative shrink per step, at the start, of the strongest unit to go in the most pressed layer. */
export const START_SHRINK = 3e-3;

const KINDS = ['macs', 'params'] as const;

export function checkCostTarget(target: CostTarget): void {
  const given = KINDS.filter((kind) => target[kind] !== undefined);
  if (given.length === 0) throw new CgesError('a cost target needs macs or params');
  for (const kind of given) {
    const value = target[kind];
    // A target of 1 (or more) is met before the first step: it would switch the regulariser off at once.
    if (typeof value !== 'number' || !(value > 0 && value < 1)) {
      throw new CgesError(`target ${kind} must be a fraction in (0, 1), got ${String(value)}`);
    }
  }
}

/**
 * Refuses a target below the smallest cost `model`'s structure allows (forced removal stops at one unit per
 * family, so the run could not end at it).
 */
export function checkTargetFits(model: tfl.LayersModel, target: CostTarget, inputs: InputOptions = {}): void {
  const floor = smallestCost(model, inputs);
  const least = inputs.pruneInputs ? 'one unit in each layer and one input feature, the output fixed'
    : inputs.cropInput ? 'one unit in each layer and a one-pixel crop, the output fixed'
      : 'one unit in each layer, the input and output fixed';
  const smallest = costFractions(floor, { macs: floor.denseMacs, params: floor.denseParams });
  for (const kind of KINDS) {
    const goal = target[kind];
    if (goal !== undefined && goal < smallest[kind]) {
      throw new CgesError(`target ${kind} ${goal} is below the smallest the structure allows, ` +
        `${smallest[kind].toPrecision(4)} of the dense ${kind} (${least})`);
    }
  }
}

/** The compacted cost as fractions of the dense model the run started from. */
export function costFractions(cost: CompactedCost, dense: { macs: number; params: number }): CostFractions {
  return { macs: cost.macs / dense.macs, params: cost.params / dense.params };
}

export function targetReached(target: CostTarget, fractions: CostFractions): boolean {
  return KINDS.every((kind) => target[kind] === undefined || fractions[kind] <= (target[kind] ?? 1));
}

/** c*(step) for each kind targeted. */
export function plannedFractions(target: CostTarget, step: number, deadline: number): CostTarget {
  const progress = Math.min(1, step / Math.max(1, PLAN_SHARE * deadline));
  const plan: CostTarget = {};
  for (const kind of KINDS) {
    const goal = target[kind];
    if (goal !== undefined) plan[kind] = goal ** progress;
  }
  return plan;
}

/** The next strength: strength * exp(gain * e), e the worst normalised log error against the plan. */
export function nextStrength(
  strength: number, target: CostTarget, fractions: CostFractions, step: number, deadline: number,
): number {
  const plan = plannedFractions(target, step, deadline);
  let error = -Infinity;
  for (const kind of KINDS) {
    const goal = target[kind];
    const planned = plan[kind];
    if (goal === undefined || planned === undefined) continue;
    // checkCostTarget keeps goals below 1; a goal of 1 would have no log scale, and its error is taken as 0.
    const scale = Math.abs(Math.log(goal));
    error = Math.max(error, scale === 0 ? 0 : (Math.log(fractions[kind]) - Math.log(planned)) / scale);
  }
  const clamped = Math.max(-1, Math.min(1, error));
  return strength * Math.exp((clamped > 0 ? GAIN_UP : GAIN_DOWN) * clamped);
}

export interface DenseCost {
  macs: number;
  params: number;
  /** Weights in the regularised kernels. */
  kernelWeights: number;
}

/** A unit of family k. */
export interface UnitRef {
  k: number;
  u: number;
}

/** A family's live units as the ranking walks down them. */
interface RankedFamily {
  norms: number[];
  /** Live units, weakest first. */
  live: number[];
  next: number;
  alive: number;
  /** The sum of the live units' norms. */
  sum: number;
  /** For an image's pixels, the crop: the box of the live ones. */
  box?: PixelBox;
}

/** The next removal a family offers: its units, their share of the family's live norms, and the box it leaves. */
interface Move {
  units: number[];
  importance: number;
  /** The pixels cut (a border line of the crop), whose count the saving is multiplied by. */
  cut: number;
  box?: PixelBox;
}

function rankedFamily(family: UnitFamily): RankedFamily {
  const norms = [...familySquaredNorms(family)].map(Math.sqrt);
  const live = norms.flatMap((norm, u) => (norm > 0 ? [u] : [])).sort((a, b) => norms[a] - norms[b]);
  const sum = live.reduce((total, u) => total + norms[u], 0);
  const image = family.kind === 'inputs' ? family.image : undefined;
  const box = image === undefined ? undefined : liveBox((p) => norms[p] > 0, image);
  return { norms, live, next: 0, alive: live.length, sum, box };
}

/**
 * A family's next removal: its weakest live unit; for an image's pixels the border line of the crop whose
 * live pixels weigh least per pixel cut (crop_lines.ts), since a pixel saves only when its whole line goes.
 */
function nextMove(family: UnitFamily, ranked: RankedFamily): Move | undefined {
  const importance = (units: number[]) => (ranked.sum > 0
    ? units.reduce((total, u) => total + ranked.norms[u], 0) / ranked.sum : units.length / ranked.alive);
  if (family.kind === 'inputs' && family.image !== undefined && ranked.box !== undefined) {
    const side = weakestSide(ranked.box, family.image, ranked.norms);
    if (side === undefined) return undefined;
    return { units: side.live, importance: importance(side.live), cut: side.pixels.length, box: side.box };
  }
  if (ranked.alive <= 1) return undefined;
  const u = ranked.live[ranked.next];
  return { units: [u], importance: importance([u]), cut: 1 };
}

/**
 * The units to remove, in order, for the compacted cost (now `fractions`) to meet `goal`. Each next unit is
 * the one with the least importance per share of the cost it saves, over the kinds not yet met:
 *   score = (||g_u|| / sum of its family's live norms) / mean_kind(saving_kind / dense_kind).
 * The importance is the unit's share of its family, so a family of few units gives them up late and one of
 * many weak units early, and a unit far below its neighbours goes first whatever its cost. A saving is
 * the analysis's (structure_analysis.ts), given the live share of each family as the ranking goes, so
 * removals in adjacent layers are not counted twice. Every family keeps a unit. An image's pixels go a
 * border line of the crop at a time, the line's live norms against what cutting it saves.
 */
export function removalOrder(
  families: UnitFamily[], analysis: StructureAnalysis, goal: CostTarget, fractions: CostFractions, dense: DenseCost,
): UnitRef[] {
  const layers = families.map(rankedFamily);
  const liveShare = (j: number) => {
    const { box, alive } = layers[j];
    return (box === undefined ? alive : boxArea(box)) / families[j].units;
  };
  const saving = (k: number, cut: number): CostFractions => {
    const counts = analysis.saving(k, liveShare);
    return { macs: cut * counts.macs / dense.macs, params: cut * counts.params / dense.params };
  };
  const estimate = { ...fractions };
  const order: UnitRef[] = [];
  while (!targetReached(goal, estimate)) {
    const kinds = KINDS.filter((kind) => goal[kind] !== undefined && estimate[kind] > (goal[kind] ?? 1));
    let best: { k: number; move: Move; save: CostFractions } | undefined;
    let bestScore = Infinity;
    layers.forEach((layer, k) => {
      const move = nextMove(families[k], layer);
      if (move === undefined) return;
      const save = saving(k, move.cut);
      const share = kinds.reduce((total, kind) => total + save[kind], 0) / kinds.length;
      if (!(share > 0)) return;
      if (move.importance / share < bestScore) {
        bestScore = move.importance / share;
        best = { k, move, save };
      }
    });
    if (best === undefined) break;
    const { k, move, save } = best;
    const layer = layers[k];
    for (const u of move.units) {
      order.push({ k, u });
      layer.sum -= layer.norms[u];
    }
    layer.alive -= move.units.length;
    if (move.box === undefined) layer.next++;
    else layer.box = move.box;
    estimate.macs -= save.macs;
    estimate.params -= save.params;
  }
  return order;
}

/**
 * w_k per family: the share of its units left live once removalOrder has reached the target from here.
 * The group prox presses the live units beyond those (the weakest), and a family with nothing to give up
 * not at all.
 */
export function keptShares(
  families: UnitFamily[], analysis: StructureAnalysis, target: CostTarget, fractions: CostFractions, dense: DenseCost,
): number[] {
  const removed = families.map(() => 0);
  for (const { k } of removalOrder(families, analysis, target, fractions, dense)) removed[k]++;
  return families.map((family, k) => {
    const alive = familySquaredNorms(family).filter((squares) => squares > 0).length;
    return (alive - removed[k]) / family.units;
  });
}

/**
 * The starting strength: the one at which the largest relative per-step shrink over the pressed families,
 * of the unit at the reweighting reference (the strongest of those to press), equals START_SHRINK at
 * learning rate eta. `kept` is keptShares' shares.
 */
export function startStrength(
  model: tfl.LayersModel, families: UnitFamily[], kept: number[], settings: UnitGroupSettings, eta: number,
): number {
  const kernels = regularizedKernels(model);
  const { mu, chvar, gscale, escale, lambda } = settings;
  const coefficients = layerCoefficients({ numLayers: kernels.length, mu, chvar, gscale, escale });
  let largest = 0;
  families.forEach((family, k) => {
    const l = kernels.findIndex((kernel) => kernel.layer === family.layer);
    const norms = familySquaredNorms(family).map(Math.sqrt);
    const reference = pressReference(family, norms, keptUnits(kept[k], family));
    if (!(reference > 0)) return;
    const shrink = unitThreshold(eta, lambda, 1, coefficients[l].group, family) / reference;
    largest = Math.max(largest, shrink);
  });
  return largest > 0 ? START_SHRINK / largest : 1;
}
