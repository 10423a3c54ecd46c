// A finished run folder as the report reads it: summary.json and metrics.jsonl (both required) and
// compact/compact.json (optional). model/ and checkpoint/ are not read.
// src/report imports src/util, and types from src/train and src/compact, only.
import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { CgesError } from '../util/errors.js';
import { readCompact } from './read_compact.js';
import { readMetrics } from './read_metrics.js';
import { readSummary } from './read_summary.js';
import type { RunRecord } from './run_record.js';

export const SUMMARY_JSON = 'summary.json';
export const METRICS_JSONL = 'metrics.jsonl';
export const COMPACT_JSON_PATH = join('compact', 'compact.json');

/** Reads and checks the run in `dir`; `name` labels it in the report (default: the folder's name). */
export function readRun(dir: string, name = basename(resolve(dir))): RunRecord {
  if (!existsSync(dir)) throw new CgesError(`run folder ${dir} does not exist`);
  if (!statSync(dir).isDirectory()) throw new CgesError(`${dir} is not a run folder`);
  const summaryPath = join(dir, SUMMARY_JSON);
  if (!existsSync(summaryPath)) {
    throw new CgesError(`${summaryPath} does not exist; is ${dir} a finished cges train run?`);
  }
  const summary = readSummary(summaryPath);
  const { display, test } = readMetrics(join(dir, METRICS_JSONL));
  return { name, dir, summary, display, test, compact: readCompact(join(dir, COMPACT_JSON_PATH)) };
}

/** Reads several runs; runs whose folders share a name are labelled by their paths instead. */
export function readRuns(dirs: string[]): RunRecord[] {
  const paths = dirs.map((dir) => resolve(dir));
  const twice = dirs.find((dir, i) => paths.indexOf(paths[i]) !== i);
  if (twice !== undefined) throw new CgesError(`run folder ${twice} is given twice`);
  const names = dirs.map((dir) => basename(resolve(dir)));
  const clash = (name: string) => names.filter((other) => other === name).length > 1;
  return dirs.map((dir, i) => readRun(dir, clash(names[i]) ? dir : names[i]));
}
