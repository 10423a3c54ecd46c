// The whole report as one self-contained HTML page: an overview of the runs (with a warning when they are
// of different models or data), the charts that compare them, the zero patterns of one run's kernels, then
// one section per run. Styles and pictures are inline; the page has no scripts and loads nothing.
// src/report imports src/util, and types from src/train and src/compact, only.
import { CgesError } from '../util/errors.js';
import { comparisonCharts } from './charts.js';
import { escapeHtml, htmlTable } from './html.js';
import { runsOverview, TEXT_COLUMNS } from './overview.js';
import { defaultPatternChoice, patternSection, type PatternChoice } from './pattern_section.js';
import { SPEEDUP_BATCH } from './run_figures.js';
import { REPORT_CSS } from './report_style.js';
import type { RunRecord } from './run_record.js';
import { mixedRunsWarning } from './run_identity.js';
import { runSection } from './run_section.js';

/** A run of the set that is not on the page (a sweep's trial stopped early, or one that failed), and why. */
export interface OmittedRun {
  name: string;
  reason: string;
}

export interface ReportOptions {
  /** The run whose kernels' zero patterns are drawn; by default the first CGES run, else the first. */
  patterns?: PatternChoice;
  /** Runs of the same compare or sweep that have no results, listed so the page does not hide them. */
  omitted?: OmittedRun[];
}

function omittedSection(omitted: OmittedRun[]): string {
  if (omitted.length === 0) return '';
  return [
    '<h2>Runs not shown</h2>',
    '<p class="note">These runs of the set have no final results, so they are in no table or chart.</p>',
    htmlTable(['run', 'why'], omitted.map((run) => [run.name, run.reason])),
  ].join('\n');
}

export async function renderReport(runs: RunRecord[], options: ReportOptions = {}): Promise<string> {
  if (runs.length === 0) throw new CgesError('a report needs at least one run');
  const title = `CGES report: ${runs.map((run) => run.name).join(', ')}`;
  const overview = runsOverview(runs);
  const links = runs.map((run, i) => `<a href="#run-${i + 1}">${escapeHtml(run.name)}</a>`).join(' · ');
  const comparison = await comparisonCharts(runs);
  const sections = await Promise.all(runs.map((run, i) => runSection(run, i + 1)));
  const mixed = mixedRunsWarning(runs);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p class="note">Runs: ${links}</p>`,
    mixed === null ? '' : `<p class="warning">${escapeHtml(mixed)}</p>`,
    // lambda, after the text columns, is mostly "-": left-aligned with them.
    htmlTable(overview.head, overview.rows, { numericFrom: TEXT_COLUMNS + 1, className: 'overview' }),
    omittedSection(options.omitted ?? []),
    '<p class="note">MACs kept counts multiply-accumulates per example with non-zero kernel weights only. ' +
      'The compact columns compare the compacted dense model with the original, ' +
      `and its inference speed at batch ${SPEEDUP_BATCH} (best round, with the range over rounds; ` +
      '"no change" when compaction removed nothing). For a run that was not compacted they show what ' +
      'compaction would keep, from its summary. The Pareto front of the accuracy-vs-MACs chart (ringed, joined by ' +
      'a grey line) holds the runs no other run beats on both: as accurate with at most as many MACs.</p>',
    '<div class="columns">',
    ...comparison,
    '</div>',
    patternSection(runs, options.patterns ?? defaultPatternChoice(runs)),
    ...sections,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
