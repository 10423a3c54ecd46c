// Runs the cges command as users do, in a child process (TypeScript loaded through tsx).
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
// An absolute URL, so the CLI also starts from a working directory outside the package.
const TSX = import.meta.resolve('tsx');
const ARGS = ['--import', TSX, MAIN];

export interface Run { code: number; stdout: string; stderr: string }

export function cges(args: string[], cwd = ROOT): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, [...ARGS, ...args], { cwd, maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      done({ code, stdout, stderr });
    });
  });
}

/** Starts cges and sends it `signal` once its stdout matches `when`. */
export function cgesSignalled(args: string[], when: RegExp, signal: NodeJS.Signals): Promise<Run> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [...ARGS, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    let sent = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!sent && when.test(stdout)) {
        sent = true;
        child.kill(signal);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('close', (code, killedBy) => done({ code: code ?? (killedBy === null ? 1 : 128), stdout, stderr }));
  });
}

/** Starts cges and leaves it running (a worker); the caller reads its output and stops it. */
export function startCges(args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [...ARGS, ...args], { cwd: ROOT });
}
