// Trials fanned out over local worker processes (`cges worker`, forked with an IPC channel): at most
// `workers` at once, each worker one trial at a time; each outcome is handed back as its trial ends, and the
// jobs it leads to (early stopping's promotions) go ahead of those not yet started. A
// worker's output goes to <logDir>/<trial>.log. A worker that dies fails its trial and is replaced for the
// next one. Workers run in their own process group, so Ctrl-C reaches this process alone, which passes one
// SIGINT to each busy worker: it stops its trial at a checkpoint (the trial fails as interrupted and resumes
// later), no new trial is started, and the outcomes so far are returned.
import { fork, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { cgesScript } from './cges_command.js';
import { isTrialOutcome, type TrialJob, type TrialOutcome } from './trial_job.js';

export interface LocalPoolOptions {
  /** Worker processes at once (default: the cores available). */
  workers?: number;
  logDir: string;
  /** Told each outcome; returns the jobs it leads to, if any. */
  onOutcome?: FollowUps;
}

/** An outcome's follow-up jobs (a promoted trial's continuation), added to the pool's work. */
export type FollowUps = (outcome: TrialOutcome, job: TrialJob) => TrialJob[] | void;

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

/**
 * A worker for jobs of `threads` threads. A worker of one thread keeps its garbage collection on its own
 * thread: V8's parallel collector would otherwise take time from the core of the worker beside it (a
 * lenet5 sweep on 2 cores and 2 workers: 5% faster).
 */
function startWorker(threads: number): ChildProcess {
  const { script, execArgv } = cgesScript();
  const gc = threads === 1 ? ['--single-threaded-gc'] : [];
  return fork(script, ['worker'], { execArgv: [...execArgv, ...gc], stdio: ['ignore', 'pipe', 'pipe', 'ipc'], detached: true });
}

/** Runs `job` on `worker` (started if needed); resolves with its outcome, or a failure if the worker dies. */
function runOn(worker: ChildProcess, job: TrialJob, log: WriteStream): Promise<{ outcome: TrialOutcome; alive: boolean }> {
  return new Promise((resolve) => {
    const write = (chunk: Buffer) => log.write(chunk);
    worker.stdout?.on('data', write);
    worker.stderr?.on('data', write);
    const finish = (outcome: TrialOutcome, alive: boolean) => {
      worker.stdout?.off('data', write);
      worker.stderr?.off('data', write);
      worker.off('message', onMessage);
      worker.off('exit', onExit);
      resolve({ outcome, alive });
    };
    const onMessage = (message: unknown) => {
      if (isTrialOutcome(message) && message.name === job.trial.name) finish(message, true);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      finish({ name: job.trial.name, ok: false, message: `its worker exited (${signal ?? `code ${code}`})` }, false);
    };
    worker.on('message', onMessage);
    worker.on('exit', onExit);
    worker.send(job);
  });
}

export interface LocalPoolRun {
  outcomes: TrialOutcome[];
  /** Stopped by SIGINT or SIGTERM before every trial ran. */
  interrupted: boolean;
}

export async function runLocal(jobs: TrialJob[], options: LocalPoolOptions): Promise<LocalPoolRun> {
  const queue = [...jobs];
  const outcomes: TrialOutcome[] = [];
  const busy = new Set<ChildProcess>();
  // Lanes with nothing to take wait while others run: an outcome may bring follow-ups.
  let idle: (() => void)[] = [];
  let running = 0;
  const wakeIdle = () => {
    for (const wake of idle) wake();
    idle = [];
  };
  let interrupted = false;
  const onSignal = () => {
    if (!interrupted) for (const worker of busy) worker.kill('SIGINT');
    interrupted = true;
    wakeIdle();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const lane = async () => {
    let worker: ChildProcess | null = null;
    try {
      while (!interrupted) {
        const job = queue.shift();
        if (job === undefined) {
          if (running === 0) break;
          await new Promise<void>((wake) => idle.push(wake));
          continue;
        }
        worker ??= startWorker(job.threads);
        const log = createWriteStream(join(options.logDir, `${job.trial.name}.log`), { flags: 'a' });
        busy.add(worker);
        running++;
        const { outcome, alive } = await runOn(worker, job, log);
        busy.delete(worker);
        await new Promise((done) => log.end(done));
        if (!alive) worker = null;
        outcomes.push(outcome);
        queue.unshift(...(options.onOutcome?.(outcome, job) ?? []));
        running--;
        wakeIdle();
      }
    } finally {
      if (worker !== null) await stopWorker(worker);
    }
  };
  try {
    const count = Math.min(options.workers ?? defaultWorkers(), jobs.length);
    await Promise.all(Array.from({ length: count }, lane));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return { outcomes, interrupted };
}

/** Closes the IPC channel, which the worker takes as the end of its work. */
function stopWorker(worker: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (worker.exitCode !== null || worker.signalCode !== null) return resolve();
    worker.once('exit', () => resolve());
    worker.disconnect();
  });
}
