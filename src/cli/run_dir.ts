// The output folder of a run: its default name, the refusal to overwrite a previous run, and atomic
// writes of the summary (a crash never leaves a half-written summary.json).
import { appendFileSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CgesError } from '../util/errors.js';
import { checkWritable, makeDir, writeTextAtomic } from '../util/files.js';

export { checkWritable, makeDir, writeTextAtomic };

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
