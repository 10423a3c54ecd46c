// A trial handed to a worker (a local worker process over IPC, or a BullMQ job), and what comes back.
import type { Trial } from './trial.js';

export interface TrialJob {
  trial: Trial;
  /** The trial's run folder. */
  dir: string;
  /** Threads for the worker's onednn backend. */
  threads: number;
  /** Early stopping's next rung: the run pauses after this step with a checkpoint (none: it runs to the end). */
  pauseAt?: number;
}

/** Where a paused trial stopped, and its validation accuracy there (null: the run holds no validation examples). */
export interface TrialPause {
  step: number;
  valAccuracy: number | null;
}

export type TrialOutcome =
  | { name: string; ok: true; resumed: boolean; paused?: TrialPause }
  | { name: string; ok: false; message: string };

/** Local worker messages: the parent sends a TrialJob, the worker answers each with one TrialOutcome. */
export function isTrialJob(value: unknown): value is TrialJob {
  if (typeof value !== 'object' || value === null) return false;
  const job = value as Partial<TrialJob>;
  return typeof job.dir === 'string' && typeof job.threads === 'number' && typeof job.trial?.name === 'string' &&
    typeof job.trial.settings === 'object' && (job.pauseAt === undefined || typeof job.pauseAt === 'number');
}

export function isTrialOutcome(value: unknown): value is TrialOutcome {
  if (typeof value !== 'object' || value === null) return false;
  const outcome = value as Partial<TrialOutcome>;
  return typeof outcome.name === 'string' && typeof outcome.ok === 'boolean';
}
