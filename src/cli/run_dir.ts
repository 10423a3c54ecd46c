// The output folder of a run: its default name, the refusal to overwrite a previous run, and atomic
// writes of the summary (a crash never leaves a half-written summary.json).
import {
  appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CgesError } from '../util/errors.js';

/**
 * Files and folders a run writes (compact/ with --compact, report.html by cges report); any of them means
 * the folder holds a previous run.
 */
export const RUN_OUTPUTS = ['summary.json', 'metrics.jsonl', 'model', 'compact', 'checkpoint', 'report.html'] as const;

function timestamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-` +
    `${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

/** runs/<model>-<reg>-<timestamp>, with a suffix if a run started in the same second. */
export function defaultRunDir(model: string, reg: string, date = new Date()): string {
  const base = join('runs', `${model}-${reg}-${timestamp(date)}`);
  let dir = base;
  for (let k = 2; existsSync(dir); k++) dir = `${base}-${k}`;
  return dir;
}

/** Why a file-system call failed, in a few words (the code names it; the message repeats the path). */
function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === undefined ? String(error) : code;
}

/** `path` and its missing ancestors, nearest existing one first: [existing, first missing, ..., path]. */
function missingChain(path: string): string[] {
  const chain = [resolve(path)];
  while (!existsSync(chain[0])) {
    const parent = dirname(chain[0]);
    if (parent === chain[0]) break;
    chain.unshift(parent);
  }
  return chain;
}

/**
 * Creates `dir` and its missing parents one level at a time. Node's recursive mkdir is not used: where a
 * file system answers ENOENT for a folder whose parent exists (/proc, /sys), it retries forever.
 * `flag` names the setting at fault in the error.
 */
export function makeDir(dir: string, flag = '--out'): void {
  const [existing, ...missing] = missingChain(dir);
  if (!statSync(existing).isDirectory()) {
    throw new CgesError(`${flag} ${dir} cannot be created: ${existing} is not a directory`);
  }
  for (const path of missing) {
    try {
      mkdirSync(path);
    } catch (error) {
      throw new CgesError(`${flag} ${dir} cannot be created: mkdir ${path} failed (${reason(error)})`);
    }
  }
}

/**
 * Throws unless a file can be written in the folder `dir` would be made in (or is): creates and removes
 * the first missing folder, or a probe file in an existing one, so a run that could not write its
 * outputs stops before it trains. Leaves nothing behind.
 */
export function checkWritable(dir: string, flag = '--out'): void {
  const [existing, firstMissing] = missingChain(dir);
  if (!statSync(existing).isDirectory()) {
    throw new CgesError(`${flag} ${dir} cannot be created: ${existing} is not a directory`);
  }
  const probe = firstMissing ?? join(existing, `.cges-write-probe-${process.pid}`);
  try {
    if (firstMissing === undefined) writeFileSync(probe, '');
    else mkdirSync(probe);
  } catch (error) {
    throw new CgesError(`${flag} ${dir} cannot be written: ${firstMissing === undefined ? 'a file' : 'the folder'} ` +
      `${probe} could not be created (${reason(error)})`);
  }
  if (firstMissing === undefined) rmSync(probe, { force: true });
  else rmdirSync(probe);
}

/** Throws unless `dir` can take a new run; leaves nothing behind. */
export function checkOutDir(dir: string, force: boolean): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new CgesError(`--out ${dir} exists and is not a directory`);
    const previous = RUN_OUTPUTS.filter((name) => existsSync(join(dir, name)));
    if (previous.length > 0 && !force) {
      throw new CgesError(`--out ${dir} already holds a previous run (${previous.join(', ')}); pass --force to replace it`);
    }
  }
  checkWritable(dir);
}

/** Creates the folder, removing a previous run's outputs (only allowed after checkOutDir with --force). */
export function prepareOutDir(dir: string): void {
  makeDir(dir);
  for (const name of RUN_OUTPUTS) rmSync(join(dir, name), { recursive: true, force: true });
}

/** Writes `text` to a temporary file beside `path`, then renames it: a reader never sees half a file. */
export function writeTextAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
  }
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeTextAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/** metrics.jsonl: one JSON object per line, appended as events happen. */
export function appendJsonLine(path: string, value: unknown): void {
  appendFileSync(path, `${JSON.stringify(value)}\n`);
}

/** Drops the events after `step` from a metrics.jsonl (a resumed run logs them again); atomic. */
export function truncateJsonLines(path: string, step: number): void {
  if (!existsSync(path)) return;
  const kept = readFileSync(path, 'utf8').split('\n').filter((line) => {
    if (line.trim() === '') return false;
    try {
      const event = JSON.parse(line) as { step?: unknown };
      return typeof event.step !== 'number' || event.step <= step;
    } catch {
      return false; // a line cut short by a crash
    }
  });
  writeTextAtomic(path, kept.map((line) => `${line}\n`).join(''));
}
