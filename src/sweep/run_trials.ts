// Runs a set of trials into one output folder and keeps the results of those that finished: each trial's
// run folder is <out>/<name> (with a queue <store>/<out's name>/<name>), local workers' logs go to <out>/logs/. Finished trials are skipped when the set is
// resumed (an unfinished one continues from its checkpoint); results.json and results.csv are rewritten
// as each trial finishes, so an interrupted set keeps what it finished.
import { existsSync, rmSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { CgesError } from '../util/errors.js';
import { makeDir, writeTextAtomic } from '../util/files.js';
import { runLocal } from './local_pool.js';
import { resultPaths, resultsCsv } from './results_table.js';
import { checkTrialNames, trialFinished, type Trial } from './trial.js';
import type { TrialJob, TrialOutcome } from './trial_job.js';
import { readTrialResult, type TrialResult } from './trial_result.js';

export const LOG_DIR = 'logs';

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
}

export interface TrialsRun {
  /** In the trials' order, the finished ones only. */
  results: TrialResult[];
  failed: { name: string; message: string }[];
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
  checkOut(trials, runs, options);
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
  const pending = trials.filter((trial) => !trialFinished(dir(trial)));
  const skipped = trials.filter((trial) => trialFinished(dir(trial)));
  for (const trial of skipped) record(trial);
  if (skipped.length > 0) log(`${skipped.length} finished run(s) kept: ${skipped.map((t) => t.name).join(', ')}`);

  const threads = options.threads ?? 1;
  const jobs: TrialJob[] = pending.map((trial) => ({ trial, dir: dir(trial), threads }));
  const onOutcome = (outcome: TrialOutcome, job: TrialJob) => {
    if (outcome.ok) {
      record(job.trial);
      log(`finished ${outcome.name}${outcome.resumed ? ' (resumed from its checkpoint)' : ''} ` +
        `(${finished.size} of ${trials.length})`);
    } else {
      failed.push({ name: outcome.name, message: outcome.message });
      log(`${outcome.name} did not finish: ${outcome.message} (log: ${join(options.out, LOG_DIR, `${outcome.name}.log`)})`);
    }
  };
  const { outcomes, interrupted } = queuePool === undefined || open === undefined
    ? await runLocal(jobs, { workers: options.workers, logDir: join(options.out, LOG_DIR), onOutcome })
    : await queuePool.runOnQueue(open, jobs, { set, onOutcome });
  const notStarted = jobs.length - outcomes.length;
  if (notStarted > 0) failed.push(...jobs.slice(-notStarted).map((job) => ({ name: job.trial.name, message: 'not started' })));
  return { results: ordered(), failed, interrupted };
}
