// A trial: one `cges train` run of a comparison or a sweep, named, with the train flags that set it up.
// Its run folder is an ordinary one (summary.json, metrics.jsonl, model/, checkpoint/, compact/), so every
// run can also be read, resumed or reported on its own.
// src/sweep imports src/report, src/util and node only; it runs training through the cges command
// (worker processes), never by importing src/cli.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CgesError } from '../util/errors.js';

/** Train flags by name without the dashes ("target-macs": "0.1"); true for a switch such as --shrink. */
export type TrialSettings = Record<string, string | true>;

export interface Trial {
  /** Unique within its comparison or sweep; the run folder's name. */
  name: string;
  settings: TrialSettings;
}

/** The trial's settings as `cges train` arguments (without --out, which the runner adds). */
export function trialArgs(settings: TrialSettings): string[] {
  return Object.entries(settings).flatMap(([key, value]) => (value === true ? [`--${key}`] : [`--${key}`, value]));
}

/**
 * The command line that reproduces a trial's run on its own, bit for bit: with the trial's thread count,
 * since a kernel's sums split over another number of threads round differently.
 */
export function reproduceCommand(trial: Trial, out: string, threads: number): string {
  const quote = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);
  const args = [...trialArgs(trial.settings), '--threads', String(threads), '--out', out, '--compact'];
  return ['cges', 'train', ...args].map(quote).join(' ');
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]*$/;

/** Throws unless every name can be a folder name and none repeats. */
export function checkTrialNames(trials: Trial[]): void {
  const seen = new Set<string>();
  for (const { name } of trials) {
    if (!NAME.test(name)) throw new CgesError(`run name "${name}" must be letters, digits, ".", "_", "@" or "-"`);
    if (seen.has(name)) throw new CgesError(`run name "${name}" is given twice`);
    seen.add(name);
  }
}

/** A trial's run is finished once its summary and its compaction are written (the last files a run writes). */
export function trialFinished(dir: string): boolean {
  return existsSync(join(dir, 'summary.json')) && existsSync(join(dir, 'compact', 'compact.json'));
}

/** A started run has written its checkpoint (at step 0 already) and can be resumed from it. */
export function trialStarted(dir: string): boolean {
  return existsSync(join(dir, 'checkpoint', 'state.json'));
}
