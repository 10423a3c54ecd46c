// Early stopping of a sweep's hopeless trials by ASHA (asha.ts decides): every trial plans for its whole
// --iterations (a cost target's plan depends on them, so a trial is never extended) and pauses at each rung,
// a fixed share of them, with its checkpoint; a promoted trial's next job resumes it to the next rung or
// the end, and one that stops there is recorded with its step and validation accuracy. Trials are compared
// only with those of the same cost target and budget: a looser target is more accurate by design, so
// comparing across targets would stop every tight one.
// The state is rewritten to <out>/early_stop.json at each change, so a resumed sweep takes up its decisions.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CgesError } from '../util/errors.js';
import { writeTextAtomic } from '../util/files.js';
import { ashaDecisions, type AshaTrial } from './asha.js';
import type { Trial } from './trial.js';
import type { TrialPause } from './trial_job.js';

export const EARLY_STOP_JSON = 'early_stop.json';
/** ASHA's usual reduction factor: a third of the trials go on at each rung. */
export const DEFAULT_ETA = 3;
/** Rungs at a ninth and a third of the budget: eta^-2 and eta^-1 of it, ASHA's geometric spacing for eta 3. */
export const DEFAULT_RUNGS = [1 / 9, 1 / 3];

export interface EarlyStopSettings {
  /** Rungs as shares of each trial's iterations, in (0, 1), rising. */
  rungs: number[];
  eta: number;
}

export interface StoppedTrial {
  name: string;
  step: number;
  validationAccuracy: number;
}

interface TrialState extends AshaTrial {
  /** The rungs' steps for this trial's iterations. */
  steps: number[];
}

interface EarlyStopRecord {
  settings: EarlyStopSettings;
  trials: TrialState[];
}

/** The rungs' steps for a run of `iterations` steps: distinct, at least 1, below the last step. */
export function rungSteps(rungs: number[], iterations: number): number[] {
  const steps = rungs.map((share) => Math.max(1, Math.round(share * iterations))).filter((step) => step < iterations);
  return [...new Set(steps)];
}

/** The settings trials are compared within: the cost target and the budget. */
function groupOf(trial: Trial): string {
  const { 'target-macs': macs, 'target-params': params, iterations } = trial.settings;
  return JSON.stringify([macs ?? null, params ?? null, iterations ?? null]);
}

/** Throws unless every trial gives its --iterations, where the rungs are placed (before anything is written). */
export function checkEarlyStopTrials(trials: Trial[]): void {
  for (const trial of trials) iterationsOf(trial);
}

function iterationsOf(trial: Trial): number {
  const value = Number(trial.settings.iterations);
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new CgesError(`run ${trial.name}: early stopping needs its --iterations, to place the rungs`);
  }
  return value;
}

/** A saved record, checked as far as a resumed sweep reads it. */
function readRecord(path: string): EarlyStopRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new CgesError(`${path}: ${(error as Error).message.split('\n')[0]}`);
  }
  const record = parsed as Partial<EarlyStopRecord> | null;
  if (typeof record !== 'object' || record === null || !Array.isArray(record.trials) || typeof record.settings !== 'object' ||
    !record.trials.every((t) => typeof t?.name === 'string' && Array.isArray(t.accuracies) && typeof t.promoted === 'number')) {
    throw new CgesError(`${path} is not an early stopping record; start anew with --force`);
  }
  return record as EarlyStopRecord;
}

export interface Decided {
  promoted: string[];
  stopped: StoppedTrial[];
}

/** A stopped trial's last rung: its step and the accuracy there. */
function stoppedAt(state: TrialState): StoppedTrial {
  const rung = state.accuracies.length - 1;
  return { name: state.name, step: state.steps[rung], validationAccuracy: state.accuracies[rung] };
}

export class EarlyStopping {
  private readonly states: Map<string, TrialState>;
  private readonly path: string;

  /**
   * Takes up the decisions in <out>/early_stop.json when resuming a sweep with the same settings; a trial in
   * `finished` counts as past every rung.
   */
  constructor(trials: Trial[], readonly settings: EarlyStopSettings, out: string, resume: boolean, finished: (trial: Trial) => boolean) {
    this.path = join(out, EARLY_STOP_JSON);
    const saved = resume && existsSync(this.path) ? readRecord(this.path) : undefined;
    if (saved !== undefined && JSON.stringify(saved.settings) !== JSON.stringify(settings)) {
      throw new CgesError(`${this.path} holds early stopping with eta ${saved.settings.eta} and rungs ` +
        `${saved.settings.rungs.join(',')}; resume with those, or start anew with --force`);
    }
    this.states = new Map(trials.map((trial) => {
      const before = saved?.trials.find((state) => state.name === trial.name);
      const steps = rungSteps(settings.rungs, iterationsOf(trial));
      const fresh = { name: trial.name, group: groupOf(trial), accuracies: [], promoted: 0, stopped: false };
      const state: TrialState = { ...fresh, ...before, steps };
      if (finished(trial)) state.promoted = steps.length;
      return [trial.name, state];
    }));
  }

  /** Where `name`'s next job pauses: its next rung, or undefined (to the end); null when it waits or stopped. */
  pauseAt(name: string): number | undefined | null {
    const state = this.state(name);
    if (state.stopped || state.accuracies.length > state.promoted) return null;
    return state.steps[state.promoted];
  }

  /** Records `name`'s pause; returns the decisions it led to (the promoted trials' next jobs are due now). */
  paused(name: string, pause: TrialPause): Decided {
    if (pause.valAccuracy === null) {
      throw new CgesError(`run ${name}: early stopping compares validation accuracy, and the run holds no ` +
        'validation examples (give it --val-split)');
    }
    this.state(name).accuracies.push(pause.valAccuracy);
    return this.decide();
  }

  /** The decisions due now (also those a resumed sweep left undecided). */
  decide(): Decided {
    const states = [...this.states.values()];
    const { promote, stop } = ashaDecisions(states, Math.max(0, ...states.map((s) => s.steps.length)), this.settings.eta);
    for (const { name, rung } of promote) this.state(name).promoted = rung + 1;
    for (const { name } of stop) this.state(name).stopped = true;
    this.save();
    return { promoted: promote.map((p) => p.name), stopped: stop.map(({ name }) => stoppedAt(this.state(name))) };
  }

  /** Whether any two trials share a cost target and budget (else none is ever compared, and none stops). */
  compares(): boolean {
    const groups = [...this.states.values()].map((s) => s.group);
    return new Set(groups).size < groups.length;
  }

  /** Every trial stopped early so far, in the sweep's order. */
  stoppedTrials(): StoppedTrial[] {
    return [...this.states.values()].filter((s) => s.stopped).map(stoppedAt);
  }

  private state(name: string): TrialState {
    const state = this.states.get(name);
    if (state === undefined) throw new Error(`early stopping: no trial ${name}`);
    return state;
  }

  private save(): void {
    const record: EarlyStopRecord = { settings: this.settings, trials: [...this.states.values()] };
    writeTextAtomic(this.path, `${JSON.stringify(record, null, 2)}\n`);
  }
}
