// The BullMQ side shared by the producer (a compare or sweep with --queue) and `cges worker --queue`: the
// Redis address, the queue's name, and each trial's job id (one job per trial and set, so a trial added
// again is the same job, never a second one).
import { connect } from 'node:net';
import type { ConnectionOptions } from 'bullmq';
import { CgesError } from '../util/errors.js';
import type { TrialPause } from './trial_job.js';
import type { TrialResult } from './trial_result.js';

export const QUEUE_NAME = 'cges-trials';

/** redis://HOST:PORT (or redis://HOST, port 6379) as BullMQ's connection. */
export function redisConnection(url: string): ConnectionOptions & { host: string; port: number } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CgesError(`--queue must be redis://HOST:PORT, got "${url}"`);
  }
  if (parsed.protocol !== 'redis:' || parsed.hostname === '' || parsed.pathname.length > 1) {
    throw new CgesError(`--queue must be redis://HOST:PORT, got "${url}"`);
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  // Workers block on Redis for the next job: a command must wait, not fail, while Redis is busy.
  return { host, port: parsed.port === '' ? 6379 : Number(parsed.port), maxRetriesPerRequest: null };
}

/**
 * A trial's job id: its set (the output folder's name) and its own name, and for a job that pauses at an
 * early-stopping rung the step ("#" is in no trial name), so each stretch of a trial is one job.
 */
export function trialJobId(set: string, name: string, pauseAt?: number): string {
  return pauseAt === undefined ? `${set}.${name}` : `${set}.${name}#${pauseAt}`;
}

/**
 * Resolves once Redis at `url` answers PING, or fails with a one-line error naming it after `seconds`. Asked
 * before BullMQ connects: its clients retry an absent server forever, and closing one never resolves then.
 */
export function pingRedis(url: string, seconds = 10): Promise<void> {
  const { host, port } = redisConnection(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let answer = '';
    const fail = (why: string) => {
      socket.destroy();
      reject(new CgesError(`cannot reach Redis at ${url}: ${why}`));
    };
    socket.setTimeout(seconds * 1000, () => fail(`no answer within ${seconds} s`));
    socket.on('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString();
      if (!answer.includes('\r\n')) return;
      socket.destroy();
      if (answer.startsWith('+PONG')) resolve();
      else reject(new CgesError(`cannot reach Redis at ${url}: it answered ${JSON.stringify(answer.trim())}`));
    });
  });
}

/**
 * What a finished job returns, kept in Redis with the job: whether it resumed, and the trial's result, or
 * where it paused for early stopping.
 */
export type QueueJobReturn = { resumed: boolean } & ({ result: TrialResult } | { paused: TrialPause });

export function isQueueJobReturn(value: unknown): value is QueueJobReturn {
  if (typeof value !== 'object' || value === null) return false;
  const returned = value as { resumed?: unknown; result?: unknown; paused?: unknown };
  return typeof returned.resumed === 'boolean' && (typeof returned.result === 'object' || typeof returned.paused === 'object');
}
