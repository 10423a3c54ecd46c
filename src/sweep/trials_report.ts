// The finished trials of a compare or sweep shown together: the table on the terminal and report.html
// (src/report's page over their run folders) in the output folder.
import { join } from 'node:path';
import type { PatternChoice } from '../report/pattern_section.js';
import { readRuns } from '../report/read_run.js';
import type { OmittedRun } from '../report/render_report.js';
import { writeTextAtomic } from '../util/files.js';
import { RESULTS_CSV, RESULTS_JSON, resultsTable } from './results_table.js';
import type { TrialResult } from './trial_result.js';
import type { TrialsRun } from './run_trials.js';

export const REPORT_HTML = 'report.html';

/** The trials of a set without results, as the report lists them: stopped early, then failed. */
export function omittedTrials({ stoppedEarly, failed }: Pick<TrialsRun, 'stoppedEarly' | 'failed'>): OmittedRun[] {
  return [
    ...stoppedEarly.map((s) => ({
      name: s.name,
      reason: `stopped early at step ${s.step} (validation accuracy ${(100 * s.validationAccuracy).toFixed(2)}%)`,
    })),
    ...failed.map((f) => ({ name: f.name, reason: `did not finish: ${f.message}` })),
  ];
}

/**
 * Prints the table and writes report.html; returns its path, or null when no trial finished. `patterns`
 * names the trial whose zero patterns the page draws (a sweep's choice; by default the page's own rule),
 * `omitted` the trials of the set the page lists without results.
 */
export async function reportTrials(
  out: string, results: TrialResult[], log: (line: string) => void,
  options: { patterns?: PatternChoice; omitted?: OmittedRun[] } = {},
): Promise<string | null> {
  if (results.length === 0) return null;
  log(resultsTable(results));
  // Vega takes a while to load; only a finished set needs it.
  const { renderReport } = await import('../report/render_report.js');
  const page = join(out, REPORT_HTML);
  const runs = readRuns(results.map((result) => result.dir)).map((run, i) => ({ ...run, name: results[i].name }));
  writeTextAtomic(page, await renderReport(runs, options));
  log(`wrote ${join(out, RESULTS_JSON)}, ${RESULTS_CSV} and ${REPORT_HTML}`);
  return page;
}
