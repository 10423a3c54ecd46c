// The comparison's results in three forms: results.json (every field), results.csv (one row per run, the
// table's columns as numbers) and the terminal table (cli-table3), all from the same column list.
import { join } from 'node:path';
import Table from 'cli-table3';
import { count, DASH, percent } from '../report/format.js';
import type { TrialResult } from './trial_result.js';

export const RESULTS_JSON = 'results.json';
export const RESULTS_CSV = 'results.csv';

function aliveText(result: TrialResult): string {
  return result.aliveUnits.map((layer) => `${layer.alive}/${layer.total}`).join(' ');
}

interface Column {
  header: string;
  /** The CSV cell: a plain number, or text. */
  value: (r: TrialResult) => number | string | null;
  /** The terminal cell. */
  text: (r: TrialResult) => string;
}

const fixed = (digits: number) => (x: number | string | null) => (typeof x === 'number' ? x.toFixed(digits) : DASH);

export const RESULT_COLUMNS: Column[] = [
  { header: 'run', value: (r) => r.name, text: (r) => r.name },
  { header: 'model', value: (r) => r.model, text: (r) => r.model },
  { header: 'data', value: (r) => r.data, text: (r) => r.data },
  { header: 'validation accuracy', value: (r) => r.validationAccuracy, text: (r) => percent(r.validationAccuracy) },
  { header: 'test accuracy', value: (r) => r.testAccuracy, text: (r) => percent(r.testAccuracy) },
  { header: 'using param', value: (r) => r.usingParam, text: (r) => fixed(4)(r.usingParam) },
  { header: 'FLOP (original)', value: (r) => r.flopOriginal, text: (r) => fixed(4)(r.flopOriginal) },
  { header: 'compacted MACs', value: (r) => r.compactedMacs, text: (r) => `${count(r.compactedMacs)} (${percent(r.compactedMacsFraction, 1)})` },
  { header: 'compacted params', value: (r) => r.compactedParams, text: (r) => `${count(r.compactedParams)} (${percent(r.compactedParamsFraction, 1)})` },
  { header: 'alive units', value: aliveText, text: aliveText },
  { header: 'examples/s batch 1', value: (r) => r.examplesPerSecondBatch1, text: (r) => count(Math.round(r.examplesPerSecondBatch1)) },
  { header: 'examples/s batch 100', value: (r) => r.examplesPerSecondBatch100, text: (r) => count(Math.round(r.examplesPerSecondBatch100)) },
  { header: 'train seconds', value: (r) => r.trainSeconds, text: (r) => r.trainSeconds.toFixed(1) },
];

function csvCell(value: number | string | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function resultsCsv(results: TrialResult[]): string {
  const rows = [RESULT_COLUMNS.map((c) => c.header), ...results.map((r) => RESULT_COLUMNS.map((c) => csvCell(c.value(r))))];
  return rows.map((row) => `${row.join(',')}\n`).join('');
}

export function resultsTable(results: TrialResult[]): string {
  const table = new Table({ head: RESULT_COLUMNS.map((c) => c.header), style: { head: [], border: [] } });
  for (const r of results) table.push(RESULT_COLUMNS.map((c) => c.text(r)));
  return table.toString();
}

export function resultPaths(outDir: string): { json: string; csv: string } {
  return { json: join(outDir, RESULTS_JSON), csv: join(outDir, RESULTS_CSV) };
}
