// `cges worker --queue` processes for the queue tests, their output watched; every one started is listed
// in `started`, for the test to stop.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { startCges } from '../cli/cli_process.js';

export interface Watched { child: ChildProcessWithoutNullStreams; output(): string }

export function startQueueWorker(url: string, started: ChildProcessWithoutNullStreams[]): Watched {
  // A short lock, so a test need not wait the default minute for a dead worker's trial to move on.
  const child = startCges(['worker', '--queue', url, '--lock-seconds', '10']);
  started.push(child);
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  return { child, output: () => output };
}

/** Kills (SIGKILL) every worker still running. */
export function killQueueWorkers(started: ChildProcessWithoutNullStreams[]): void {
  for (const worker of started) if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
}
