// Runs a set of trials into one output folder and keeps the results of those that finished: each trial's
// run folder is <out>/<name> (with a queue <store>/<out's name>/<name>), local workers' logs go to <out>/logs/. Finished trials are skipped when the set is
// resumed (an unfinished one continues from its checkpoint); results.json and results.csv are rewritten
// as each trial finishes, so an interrupted set keeps what it finished. With early stopping (early_stop.ts)
// a trial runs as one job per stretch between rungs, and one stopped at a rung is recorded, not run again.
// Trials start longest first (trial_order.ts), so the workers finish together.
import { existsSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { CgesError } from '../util/errors.js';
import { makeDir, writeTextAtomic } from '../util/files.js';
import { checkEarlyStopTrials, EarlyStopping, type EarlyStopSettings, type StoppedTrial } from './early_stop.js';
import { runLocal } from './local_pool.js';
import { resultPaths, resultsCsv } from './results_table.js';
import { checkTrialNames, trialFinished, type Trial } from './trial.js';
import { longestFirst } from './trial_order.js';
import type { TrialJob, TrialOutcome, TrialPause } from './trial_job.js';
import { readTrialResult, type TrialResult } from './trial_result.js';

export const LOG_DIR = 'logs';

/** The threads each trial runs on: one by default, so that workers, not threads, share the cores. */
export function threadsPerTrial(options: Pick<RunTrialsOptions, 'threads'>): number {
  return options.threads ?? 1;
}

export interface RunTrialsOptions {
  out: string;
  /** Skip finished trials and continue started ones (else a folder holding any of them is refused). */
  resume?: boolean;
  /** Replace the trials' previous runs. */
  force?: boolean;
  /** Local worker processes (default: the cores available). */
  workers?: number;
  /** Threads per worker (default 1). */
  threads?: number;
  log?: (line: string) => void;
  /** Refuses a trial whose settings `cges train` would refuse, before anything runs. */
  check?: (trial: Trial) => void;
  /**
   * Trials as BullMQ jobs on the Redis at `url` instead of local workers, their run folders in
   * <store>/<out's name>/<trial>, a folder every worker reaches.
   */
  queue?: { url: string; store: string };
  /** Stop hopeless trials at rungs by ASHA (none by default). */
  earlyStop?: EarlyStopSettings;
}

export interface TrialsRun {
  /** In the trials' order, the finished ones only. */
  results: TrialResult[];
  failed: { name: string; message: string }[];
  /** Stopped at a rung by early stopping, in the trials' order: not among the results. */
  stoppedEarly: StoppedTrial[];
  /** Stopped by Ctrl-C (or SIGTERM): the unfinished trials resume from their checkpoints. */
  interrupted: boolean;
}

function checkOut(trials: Trial[], runs: string, options: RunTrialsOptions): void {
  if (options.resume || !existsSync(runs)) return;
  const previous = trials.filter((trial) => existsSync(join(runs, trial.name))).map((trial) => trial.name);
  if (previous.length === 0) return;
  if (!options.force) {
    throw new CgesError(`--out ${options.out} already holds runs (${previous.join(', ')}); ` +
      'pass --resume to continue them or --force to replace them');
  }
  for (const name of previous) rmSync(join(runs, name), { recursive: true, force: true });
}

export async function runTrials(trials: Trial[], options: RunTrialsOptions): Promise<TrialsRun> {
  const log = options.log ?? console.log;
  checkTrialNames(trials);
  for (const trial of trials) options.check?.(trial);
  const set = basename(resolve(options.out));
  const runs = options.queue === undefined ? options.out : join(options.queue.store, set);
  const dir = (trial: Trial) => resolve(runs, trial.name);
  if (options.earlyStop !== undefined) checkEarlyStopTrials(trials);
  checkOut(trials, runs, options);
  const finishedBefore = (trial: Trial) => trialFinished(dir(trial));
  const early = options.earlyStop === undefined ? undefined
    : new EarlyStopping(trials, options.earlyStop, options.out, options.resume ?? false, finishedBefore);
  // Redis answers before anything is written. BullMQ loads only when a queue is used.
  const queuePool = options.queue === undefined ? undefined : await import('./queue_pool.js');
  const open = options.queue === undefined ? undefined : await queuePool?.openQueue(options.queue.url);
  try {
    makeDir(options.out);
    if (options.queue === undefined) makeDir(join(options.out, LOG_DIR));
    else makeDir(runs, '--store');
  } catch (error) {
    await open?.close();
    throw error;
  }

  const finished = new Map<string, TrialResult>();
  const failed: TrialsRun['failed'] = [];
  const ordered = () => trials.flatMap((trial) => finished.get(trial.name) ?? []);
  const record = (trial: Trial) => {
    finished.set(trial.name, readTrialResult(trial, dir(trial)));
    const paths = resultPaths(options.out);
    writeTextAtomic(paths.json, `${JSON.stringify(ordered(), null, 2)}\n`);
    writeTextAtomic(paths.csv, resultsCsv(ordered()));
  };
  const pending = trials.filter((trial) => !finishedBefore(trial));
  const skipped = trials.filter(finishedBefore);
  for (const trial of skipped) record(trial);
  if (skipped.length > 0) log(`${skipped.length} finished run(s) kept: ${skipped.map((t) => t.name).join(', ')}`);

  const threads = threadsPerTrial(options);
  // A trial's next stretch: to its next rung or the end; none while it waits at a rung or once it stopped.
  const jobOf = (trial: Trial): TrialJob[] => {
    const pauseAt = early?.pauseAt(trial.name);
    return pauseAt === null ? [] : [{ trial, dir: dir(trial), threads, pauseAt }];
  };
  const logStops = (stopped: StoppedTrial[]) => {
    for (const s of stopped) {
      log(`stopped early: ${s.name} at step ${s.step} (validation accuracy ${s.validationAccuracy.toFixed(4)})`);
    }
  };
  if (early !== undefined) logStops(early.decide().stopped);
  if (early?.compares() === false) {
    log('early stopping compares trials of the same cost target and budget; each trial here has its own, so none stops');
  }
  const jobs = longestFirst(pending.flatMap(jobOf));
  const onPause = (name: string, pause: TrialPause): TrialJob[] => {
    if (early === undefined) throw new Error(`${name} paused, though no early stopping was asked for`);
    try {
      const { promoted, stopped } = early.paused(name, pause);
      log(`${name} reached step ${pause.step} (validation accuracy ${pause.valAccuracy?.toFixed(4)})`);
      logStops(stopped);
      return trials.filter((trial) => promoted.includes(trial.name)).flatMap(jobOf);
    } catch (error) {
      if (!(error instanceof CgesError)) throw error;
      failed.push({ name, message: error.message });
      log(error.message);
      return [];
    }
  };
  const onOutcome = (outcome: TrialOutcome, job: TrialJob): TrialJob[] => {
    if (outcome.ok && outcome.paused !== undefined) return onPause(outcome.name, outcome.paused);
    if (outcome.ok) {
      record(job.trial);
      log(`finished ${outcome.name}${outcome.resumed ? ' (resumed from its checkpoint)' : ''} ` +
        `(${finished.size} of ${trials.length})`);
    } else {
      failed.push({ name: outcome.name, message: outcome.message });
      log(`${outcome.name} did not finish: ${outcome.message} (log: ${join(options.out, LOG_DIR, `${outcome.name}.log`)})`);
    }
    return [];
  };
  const { outcomes, interrupted } = queuePool === undefined || open === undefined
    ? await runLocal(jobs, { workers: options.workers, logDir: join(options.out, LOG_DIR), onOutcome })
    : await queuePool.runOnQueue(open, jobs, { set, onOutcome });
  const stoppedEarly = early?.stoppedTrials() ?? [];
  const ended = new Set([...finished.keys(), ...failed.map((f) => f.name), ...stoppedEarly.map((s) => s.name)]);
  const started = new Set(outcomes.map((outcome) => outcome.name));
  for (const trial of trials.filter((t) => !ended.has(t.name))) {
    // Not started, or (early stopping) waiting at a rung for trials that did not finish.
    failed.push({ name: trial.name, message: started.has(trial.name) ? 'waiting at a rung' : 'not started' });
  }
  return { results: ordered(), failed, interrupted, stoppedEarly };
}
