// A trial handed to a worker (a local worker process over IPC, or a BullMQ job), and what comes back.
import type { Trial } from './trial.js';

export interface TrialJob {
  trial: Trial;
  /** The trial's run folder. */
  dir: string;
  /** Threads for the worker's onednn backend. */
  threads: number;
}

export type TrialOutcome =
  | { name: string; ok: true; resumed: boolean }
  | { name: string; ok: false; message: string };

/** Local worker messages: the parent sends a TrialJob, the worker answers each with one TrialOutcome. */
export function isTrialJob(value: unknown): value is TrialJob {
  if (typeof value !== 'object' || value === null) return false;
  const job = value as Partial<TrialJob>;
  return typeof job.dir === 'string' && typeof job.threads === 'number' && typeof job.trial?.name === 'string' &&
    typeof job.trial.settings === 'object';
}

export function isTrialOutcome(value: unknown): value is TrialOutcome {
  if (typeof value !== 'object' || value === null) return false;
  const outcome = value as Partial<TrialOutcome>;
  return typeof outcome.name === 'string' && typeof outcome.ok === 'boolean';
}
