// A sweep's goal: constraints the chosen trial must meet, and the objective among those that do. Accuracy
// is the validation accuracy when every trial measured one, else the test accuracy, and the choice says so
// (the test set then chose the setting, so its accuracy on it is optimistic).
import { CgesError } from '../util/errors.js';
import { paretoFront } from '../report/pareto.js';
import { selectionAccuracy, type TrialResult } from './trial_result.js';

export const OBJECTIVES = ['accuracy', 'macs'] as const;
export type Objective = (typeof OBJECTIVES)[number];

export interface Goal {
  /** Compacted MACs / parameters at most this share of the dense model's. */
  maxMacs?: number;
  maxParams?: number;
  /** Accuracy at least this (a fraction, 0.98). */
  minAccuracy?: number;
  /** Accuracy at most this far below the L2 reference run's (a fraction: 0.005 is 0.5 pp). */
  maxDrop?: number;
  /** `accuracy`: the most accurate; `macs`: the fewest compacted MACs (ties: the more accurate). */
  objective: Objective;
}

export interface Choice {
  /** The accuracy constraints and the objective read. */
  selectedBy: 'validation' | 'test';
  chosen: TrialResult | null;
  /** The trials meeting the constraints. */
  feasible: TrialResult[];
  /** Accuracy against compacted MACs, by rising MACs. */
  pareto: TrialResult[];
}

export function goalText(goal: Goal): string {
  const parts = [
    goal.maxMacs === undefined ? [] : [`compacted MACs <= ${goal.maxMacs}`],
    goal.maxParams === undefined ? [] : [`compacted params <= ${goal.maxParams}`],
    goal.minAccuracy === undefined ? [] : [`accuracy >= ${goal.minAccuracy}`],
    goal.maxDrop === undefined ? [] : [`accuracy at most ${+(100 * goal.maxDrop).toFixed(4)} pp below L2's`],
  ].flat();
  const objective = goal.objective === 'accuracy' ? 'the most accurate' : 'the fewest compacted MACs';
  return parts.length === 0 ? objective : `${objective} with ${parts.join(', ')}`;
}

/**
 * The goal's choice among `results`. `reference` is the L2 run a maxDrop reads (without it no trial meets
 * a maxDrop); its accuracy is read the same way as theirs.
 */
export function choose(results: TrialResult[], goal: Goal, reference?: TrialResult): Choice {
  const { by, of } = selectionAccuracy(reference === undefined ? results : [...results, reference]);
  const withinDrop = (r: TrialResult) => goal.maxDrop === undefined ||
    (reference !== undefined && of(r) >= of(reference) - goal.maxDrop - 1e-12);
  const feasible = results.filter((r) => (goal.maxMacs === undefined || r.compactedMacsFraction <= goal.maxMacs) &&
    (goal.maxParams === undefined || r.compactedParamsFraction <= goal.maxParams) &&
    (goal.minAccuracy === undefined || of(r) >= goal.minAccuracy) && withinDrop(r));
  const better = goal.objective === 'accuracy'
    ? (a: TrialResult, b: TrialResult) => of(a) > of(b) || (of(a) === of(b) && a.compactedMacs < b.compactedMacs)
    : (a: TrialResult, b: TrialResult) => a.compactedMacs < b.compactedMacs || (a.compactedMacs === b.compactedMacs && of(a) > of(b));
  const chosen = feasible.reduce<TrialResult | null>((best, r) => (best === null || better(r, best) ? r : best), null);
  const pareto = paretoFront(results.map((r) => ({ macs: r.compactedMacsFraction, accuracy: of(r) }))).map((i) => results[i]);
  return { selectedBy: by, chosen, feasible, pareto };
}

/** Percentage points, as --max-drop takes them ("0.5"), as a fraction (0.005). */
export function parseDrop(flag: string, raw: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !(value >= 0 && value < 100)) throw new CgesError(`${flag} must be percentage points in [0, 100), got "${raw}"`);
  return value / 100;
}

/** A share in (0, 1], as the goal's flags take it. */
export function parseShare(flag: string, raw: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !(value > 0 && value <= 1)) throw new CgesError(`${flag} must be a number in (0, 1], got "${raw}"`);
  return value;
}
