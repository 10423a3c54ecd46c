// Folders and files written safely: folders made one level at a time with a one-line error naming the
// one at fault, a probe that the place can be written before any work starts, and atomic text writes.
import { existsSync, mkdirSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CgesError } from './errors.js';

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

