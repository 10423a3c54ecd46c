// `cges worker --queue redis://HOST:PORT`: takes trials from the BullMQ queue a compare or sweep with
// --queue fills, one at a time, in this process, and returns each trial's result to Redis. A worker that
// dies mid-trial stops renewing its job's lock; after --lock-seconds BullMQ's stalled-job check (run by
// the other workers) puts the job back, and the next worker resumes the run from its checkpoint in the
// shared store. SIGINT or SIGTERM stops the trial at a checkpoint and puts its job back for another worker.
import { Worker, WaitingError, type Job } from 'bullmq';
import { pingRedis, QUEUE_NAME, redisConnection, type QueueJobReturn } from '../sweep/queue.js';
import { isTrialJob } from '../sweep/trial_job.js';
import { readTrialResult } from '../sweep/trial_result.js';
import { CgesError } from '../util/errors.js';
import { runTrialHere, stopOnSignals } from './worker.js';

export interface QueueWorkerOptions {
  /** Threads per trial (default 1). */
  threads: number;
  /** How long a job's lock lasts unrenewed, and how often stalled jobs are looked for. */
  lockSeconds: number;
  log?: (line: string) => void;
}

export async function runQueueWorker(url: string, options: QueueWorkerOptions): Promise<void> {
  const log = options.log ?? console.log;
  const connection = redisConnection(url);
  await pingRedis(url);
  const stop = stopOnSignals();
  const processJob = async (job: Job, token?: string): Promise<QueueJobReturn> => {
    if (!isTrialJob(job.data)) throw new Error(`job ${job.id} holds no trial`);
    const data = { ...job.data, threads: options.threads };
    log(`trial ${data.trial.name} (job ${job.id}) in ${data.dir}`);
    const outcome = await runTrialHere(data, stop.requested, log);
    if (!outcome.ok) {
      if (stop.requested()) {
        // Stopped at a checkpoint by a signal: back on the queue, for another worker to resume.
        await job.moveToWait(token);
        throw new WaitingError();
      }
      throw new Error(outcome.message);
    }
    if (outcome.paused !== undefined) return { resumed: outcome.resumed, paused: outcome.paused };
    return { resumed: outcome.resumed, result: readTrialResult(data.trial, data.dir) };
  };
  const lockDuration = options.lockSeconds * 1000;
  const worker = new Worker(QUEUE_NAME, processJob, {
    connection, concurrency: 1, lockDuration, stalledInterval: lockDuration, maxStalledCount: 1, autorun: false,
  });
  worker.on('error', (error) => log(`queue: ${error.message}`));
  await worker.waitUntilReady();
  log(`cges worker: taking trials from ${url} (${options.threads} thread(s) each)`);
  const running = worker.run();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (!stop.requested()) return;
      clearInterval(timer);
      resolve();
    }, 200);
  });
  await worker.close();
  await running;
  throw new CgesError('worker stopped', 130);
}
