// The one-row-per-run overview that `cges report` prints and the HTML report opens with: the model and data
// each run is of, settings that tell runs apart, final accuracy and cost, what compaction achieved (or would
// achieve, for a run whose summary says so) and whether the run met its cost target. The validation column
// appears only when some run measured one, the compaction columns only when some run has compacted figures,
// the target column only when some run had a target.
// src/report imports src/util, and types from src/train and src/compact, only.
import Table from 'cli-table3';
import { DASH, percent, speedup, targetText } from './format.js';
import type { RunRecord } from './run_record.js';
import { modelName, runData } from './run_identity.js';
import { runFigures, SPEEDUP_BATCH, type RunFigures } from './run_figures.js';
import { settingText } from './settings.js';

interface Column {
  head: string;
  cell: (run: RunRecord, figures: RunFigures) => string;
}

const RUN_COLUMNS: Column[] = [
  { head: 'run', cell: (run) => run.name },
  { head: 'model', cell: (run) => modelName(run) },
  { head: 'data', cell: (run) => runData(run) || DASH },
  { head: 'reg', cell: (run) => run.summary.reg },
  { head: 'lambda', cell: (run) => settingText(run.summary.config, 'lambda') },
  { head: 'iterations', cell: (run) => String(run.summary.iterations) },
  { head: 'val acc', cell: (run) => percent(run.summary.valAccuracy ?? null) },
  { head: 'test acc', cell: (_, f) => percent(f.testAccuracy) },
  { head: 'using param', cell: (_, f) => percent(f.usingParam, 1) },
  { head: 'MACs kept', cell: (_, f) => percent(f.macsKept, 1) },
];

const COMPACT_COLUMNS: Column[] = [
  { head: 'compact MACs', cell: (_, f) => percent(f.compactMacsKept, 1) },
  { head: 'compact params', cell: (_, f) => percent(f.compactParamsKept, 1) },
  {
    head: `speed-up @${SPEEDUP_BATCH}`,
    cell: (_, f) => speedup(f.speedup, f.speedupSpread, f.compactUnchanged === true),
  },
];

const TARGET_COLUMN: Column = { head: 'target', cell: (run) => targetText(run.summary.target) };

/** The leading columns that hold text (run, model, data, reg); the rest are numbers. */
export const TEXT_COLUMNS = 4;

export interface Overview {
  head: string[];
  rows: string[][];
}

export function runsOverview(runs: RunRecord[]): Overview {
  const figures = runs.map(runFigures);
  const validated = runs.some((run) => run.summary.valAccuracy !== undefined);
  const columns = [
    ...RUN_COLUMNS.filter((column) => validated || column.head !== 'val acc'),
    ...(figures.some((f) => f.compactSource !== null) ? COMPACT_COLUMNS : []),
    ...(runs.some((run) => run.summary.target !== undefined) ? [TARGET_COLUMN] : []),
  ];
  return {
    head: columns.map((column) => column.head),
    rows: runs.map((run, i) => columns.map((column) => column.cell(run, figures[i]))),
  };
}

/** The overview as a plain-text table for the terminal. */
export function formatRunsOverview(runs: RunRecord[]): string {
  const { head, rows } = runsOverview(runs);
  const table = new Table({
    head,
    colAligns: head.map((_, i) => (i < TEXT_COLUMNS ? 'left' : 'right')),
    // No colours: the table also ends up in log files.
    style: { head: [], border: [] },
  });
  table.push(...rows);
  return table.toString();
}
