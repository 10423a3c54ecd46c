// A sweep's search space: train flags, each with a list of values; every combination is one trial, named
// by the values that vary ("target-macs-0.1_lambda-1e-5").
import { CgesError } from '../util/errors.js';
import type { Trial, TrialSettings } from './trial.js';

/** Flag name (without dashes) -> the values to try, in order. */
export type Grid = Record<string, string[]>;

/** At most this many trials in one sweep: a grid that large is a typo, not a plan. */
export const MAX_TRIALS = 1000;

function nameValue(value: string): string {
  return value.replace(/[^A-Za-z0-9.]/g, '-');
}

export function gridTrials(grid: Grid, base: TrialSettings): Trial[] {
  const keys = Object.keys(grid);
  for (const key of keys) {
    if (grid[key].length === 0) throw new CgesError(`sweep: ${key} has no values`);
    if (new Set(grid[key]).size !== grid[key].length) throw new CgesError(`sweep: ${key} lists a value twice`);
  }
  const size = keys.reduce((n, key) => n * grid[key].length, 1);
  if (size > MAX_TRIALS) throw new CgesError(`sweep: the grid has ${size} trials, more than ${MAX_TRIALS}`);
  let combos: TrialSettings[] = [{}];
  for (const key of keys) combos = combos.flatMap((combo) => grid[key].map((value) => ({ ...combo, [key]: value })));
  const varying = keys.filter((key) => grid[key].length > 1);
  return combos.map((combo) => ({
    name: varying.length === 0 ? 'trial' : varying.map((key) => `${key}-${nameValue(String(combo[key]))}`).join('_'),
    settings: { ...base, ...combo },
  }));
}

/** A comma-separated flag value as a list of values. */
export function splitList(raw: string): string[] {
  return raw.split(',').map((value) => value.trim()).filter((value) => value !== '');
}
