// The order trials start in. With fewer workers than trials, a long trial started last keeps one worker
// busy while the others wait with nothing to take; starting the longest first (the LPT rule of
// scheduling) leaves only short trials for the end. The trials of a set share their steps, so a trial's
// length is estimated from the model it trains most of the run on: under a cost target, the CLI shrinks
// the model once the target's units are gone, which the plan reaches early, so a tighter target is shorter.
import type { Trial } from './trial.js';

/** The share of a target run's steps taken before the target is met, on the dense model or near it. */
const STEPS_BEFORE_TARGET = 0.25;

function share(value: string | true | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  const number = Number(value);
  return Number.isFinite(number) && number > 0 && number < 1 ? number : undefined;
}

/** A trial's work per step as a share of the dense model's: comparable within one sweep or compare. */
export function expectedWork(trial: Trial): number {
  // A step's cost follows the MACs the target keeps; a parameter target alone shrinks the model too.
  const kept = share(trial.settings['target-macs']) ?? share(trial.settings['target-params']);
  if (kept === undefined) return 1;
  return STEPS_BEFORE_TARGET + (1 - STEPS_BEFORE_TARGET) * kept;
}

/** `items` by their trial's expected work, longest first; equal ones keep their order. */
export function longestFirst<T extends { trial: Trial }>(items: T[]): T[] {
  return items
    .map((item, index) => ({ item, index, work: expectedWork(item.trial) }))
    .sort((a, b) => b.work - a.work || a.index - b.index)
    .map(({ item }) => item);
}
