// Trials fanned out over a BullMQ queue on Redis: each becomes a job (`cges worker --queue` on any machine
// takes it), and its outcome is handed back as the job ends. The job's return value, the trial's result,
// stays recorded in Redis. A finished or failed job of an earlier attempt is removed before the trial is
// added again; a waiting or active one (a worker is on it) is waited for, not added twice. Ctrl-C stops
// the waiting only: the jobs stay on the queue, and a later --resume collects them. An outcome's follow-ups
// (early stopping's promotions) become new jobs at the front of the queue, ahead of trials not yet started.
import { Queue, QueueEvents, type Job } from 'bullmq';
import { isQueueJobReturn, pingRedis, QUEUE_NAME, redisConnection, trialJobId } from './queue.js';
import type { FollowUps, LocalPoolRun } from './local_pool.js';
import type { TrialJob, TrialOutcome } from './trial_job.js';

export interface QueuePoolOptions {
  /** The set the trials belong to (their job ids start with it). */
  set: string;
  onOutcome?: FollowUps;
}

async function addOnce(queue: Queue, id: string, data: TrialJob, first = false): Promise<Job> {
  const previous = await queue.getJob(id);
  if (previous !== undefined) {
    const state = await previous.getState();
    if (state !== 'completed' && state !== 'failed') return previous;
    await previous.remove();
  }
  return queue.add('trial', data, { jobId: id, removeOnComplete: false, removeOnFail: false, lifo: first });
}

/** The producer's side of the queue, connected. */
export interface QueueConnection {
  queue: Queue;
  events: QueueEvents;
  close(): Promise<void>;
}

/** Connects to the queue at `url`; a Redis that does not answer is a one-line error, and nothing stays open. */
export async function openQueue(url: string): Promise<QueueConnection> {
  await pingRedis(url);
  const connection = redisConnection(url);
  const queue = new Queue(QUEUE_NAME, { connection });
  const events = new QueueEvents(QUEUE_NAME, { connection });
  await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
  return { queue, events, close: async () => {
    await events.close();
    await queue.close();
  } };
}

/** Adds the jobs to the open queue and waits for each; closes the queue when done. */
export async function runOnQueue(open: QueueConnection, jobs: TrialJob[], options: QueuePoolOptions): Promise<LocalPoolRun> {
  const { queue, events } = open;
  const outcomes: TrialOutcome[] = [];
  let interrupted = false;
  let stop: () => void = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = () => {
      interrupted = true;
      resolve();
    };
  });
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  const add = (job: TrialJob, first: boolean) => addOnce(queue, trialJobId(options.set, job.trial.name, job.pauseAt), job, first);
  // Each job's outcome, and then those of the follow-ups it led to.
  const follow = async (added: Job, job: TrialJob): Promise<void> => {
    const name = job.trial.name;
    let outcome: TrialOutcome;
    try {
      const returned: unknown = await added.waitUntilFinished(events);
      const paused = isQueueJobReturn(returned) && 'paused' in returned ? returned.paused : undefined;
      outcome = { name, ok: true, resumed: isQueueJobReturn(returned) && returned.resumed, paused };
    } catch (error) {
      outcome = { name, ok: false, message: (error as Error).message };
    }
    if (interrupted) return;
    outcomes.push(outcome);
    const next = options.onOutcome?.(outcome, job) ?? [];
    const more = await Promise.all(next.map((nextJob) => add(nextJob, true)));
    await Promise.all(more.map((nextAdded, k) => follow(nextAdded, next[k])));
  };
  try {
    const added = await Promise.all(jobs.map((job) => add(job, false)));
    const finished = Promise.all(added.map((job, k) => follow(job, jobs[k])));
    await Promise.race([finished, stopped]);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await open.close();
  }
  return { outcomes, interrupted };
}
