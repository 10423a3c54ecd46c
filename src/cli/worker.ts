// `cges worker`: runs trials of `cges compare` and `cges sweep` in this process, one at a time. Started by
// a compare or sweep on this machine it takes them over its IPC channel and ends when the channel closes;
// with --queue (queue_worker.ts) it takes them from a BullMQ queue on Redis.
// A trial is `cges train --compact` in its run folder, resumed from its checkpoint when an earlier attempt
// started it; a job of early stopping pauses it at its next rung instead (no compaction then). SIGINT or SIGTERM stops the trial after its current step with a checkpoint, even before its
// training began.
import type { Command } from 'commander';
import * as tf from '@tensorflow/tfjs-core';
import { trialFinished, trialStarted } from '../sweep/trial.js';
import { isTrialJob, type TrialJob, type TrialOutcome } from '../sweep/trial_job.js';
import { CgesError } from '../util/errors.js';
import { parsePositiveInteger, parsePositiveNumber } from './flags.js';
import { resolveResumeConfig } from './resume.js';
import { trialConfig } from './trial_check.js';
import { compactTrainedRun, runTrain } from './train.js';

/** Runs `job` here; resolves with its outcome (a CgesError of the run becomes a failed outcome). */
export async function runTrialHere(job: TrialJob, stop: () => boolean, log: (line: string) => void = console.log): Promise<TrialOutcome> {
  const { trial, dir, threads, pauseAt } = job;
  if (trialFinished(dir)) return { name: trial.name, ok: true, resumed: false };
  const resumed = trialStarted(dir);
  try {
    // Not finished (above), so a checkpoint at the last step resumes to write the outputs still missing.
    const config = resumed ? resolveResumeConfig(dir, { threads: String(threads) }, { unfinished: true }).config
      : { ...trialConfig(trial), out: dir, force: true, threads };
    const run = await runTrain(config, log, resumed, stop, pauseAt);
    if (run.paused) return { name: trial.name, ok: true, resumed, paused: { step: run.step, valAccuracy: run.valAccuracy } };
    try {
      await compactTrainedRun(run);
    } finally {
      run.model.dispose();
    }
    return { name: trial.name, ok: true, resumed };
  } catch (error) {
    if (!(error instanceof CgesError)) throw error;
    return { name: trial.name, ok: false, message: error.message.split('\n')[0] };
  } finally {
    // Whatever the run left (a model it started from, optimiser slots); the next trial builds its own.
    tf.disposeVariables();
  }
}

/** A stop request for the trial running now: by SIGINT or SIGTERM, or by `request()`. */
export function stopOnSignals(): { requested: () => boolean; request: () => void } {
  let requested = false;
  const request = () => {
    requested = true;
  };
  process.on('SIGINT', request);
  process.on('SIGTERM', request);
  return { requested: () => requested, request };
}

/** Takes TrialJobs from the parent over IPC until the channel closes. */
function serveParent(): Promise<void> {
  const send = process.send?.bind(process);
  if (send === undefined) throw new CgesError('cges worker is started by cges compare and cges sweep');
  const stop = stopOnSignals();
  return new Promise((resolve) => {
    let work = Promise.resolve();
    process.on('message', (message: unknown) => {
      if (!isTrialJob(message)) return;
      work = work.then(async () => {
        const outcome = await runTrialHere(message, stop.requested);
        if (process.connected) send(outcome);
      });
    });
    // The compare or sweep is gone (done, or killed): a trial still running stops at a checkpoint, so a
    // later --resume never runs beside it.
    process.once('disconnect', () => {
      stop.request();
      void work.then(resolve);
    });
  });
}

interface WorkerFlags {
  queue?: string;
  threads?: string;
  lockSeconds?: string;
}

export function addWorkerCommand(program: Command): Command {
  return program.command('worker')
    .description('run the trials of cges compare and cges sweep: those of a local one (which starts its workers), ' +
      'or with --queue those on a Redis queue, from any machine that reaches the --store folder')
    .option('--queue <url>', 'redis://HOST:PORT of the queue a compare or sweep with --queue fills')
    .option('--threads <n>', 'threads per trial for the onednn backend (default 1)')
    .option('--lock-seconds <s>', 'seconds until a trial of a worker that died is given to another (default 60)')
    .action(async (flags: WorkerFlags) => {
      if (flags.queue === undefined) {
        await serveParent();
        return;
      }
      const threads = flags.threads === undefined ? 1 : parsePositiveInteger('--threads', flags.threads);
      const lockSeconds = flags.lockSeconds === undefined ? 60 : parsePositiveNumber('--lock-seconds', flags.lockSeconds);
      const { runQueueWorker } = await import('./queue_worker.js');
      await runQueueWorker(flags.queue, { threads, lockSeconds });
    });
}
