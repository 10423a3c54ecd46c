// One run's section of the report: where it came from, its settings, its final numbers (with what
// compaction would give, the cost target and fine-tuning when the run had them), its per-layer table, its
// charts, and its compaction when it was compacted.
// src/report imports src/util, and types from src/train and src/compact, only.
import { runCharts } from './charts.js';
import { compactSection } from './compact_section.js';
import { count, percent, shape, targetText } from './format.js';
import { escapeHtml, htmlTable, keyValueTable } from './html.js';
import type { RunRecord, RunSummary } from './run_record.js';
import { runIdentity } from './run_identity.js';
import { shownSettings } from './settings.js';

/** The lines of the fields newer runs write; none for a run from before them. */
function compactionAwareNumbers(summary: RunSummary): [string, string][] {
  const { compacted, target, finetune, shrinkSteps } = summary;
  const lines: [string, string][] = [];
  if (compacted !== undefined) {
    lines.push(['compacted network, from the final weights',
      `${count(compacted.macs)} MACs per example (${percent(compacted.macsFraction)}), ` +
      `${count(compacted.params)} parameters (${percent(compacted.paramsFraction)})`]);
  }
  if (target !== undefined) lines.push(['cost target', targetText(target)]);
  if (shrinkSteps !== undefined && shrinkSteps.length > 0) {
    lines.push(['trained the compacted model', `from step ${count(shrinkSteps[0])}, shrunk at steps ` +
      `${shrinkSteps.map(count).join(', ')}`]);
  }
  if (finetune !== undefined && finetune.startStep !== null) {
    lines.push(['fine-tuning', `${count(finetune.steps)} steps from step ${count(finetune.startStep)}; ` +
      `test accuracy when it began ${percent(finetune.testAccuracyBefore)}`]);
  }
  return lines;
}

function finalNumbers(run: RunRecord): [string, string][] {
  const { summary } = run;
  const { macs } = summary;
  return [
    ['test accuracy', percent(summary.testAccuracy)],
    ['using param (non-zero kernel weights)', percent(summary.usingParam)],
    ['MACs per example, non-zero weights',
      `${count(macs.nonzero)} of ${count(macs.dense)} (${percent(macs.fraction)})`],
    ['FLOP, the original formula', percent(summary.flopOriginal)],
    ...compactionAwareNumbers(summary),
    ['iterations', count(summary.iterations)],
    ['training time', `${summary.trainSeconds.toFixed(1)} s, ${summary.samplesPerSecond.toFixed(1)} examples/s ` +
      `(backend ${summary.backend})`],
  ];
}

function layerTable(run: RunRecord): string {
  return htmlTable(
    ['layer', 'kernel shape', 'kernel weights', 'non-zero', 'zeros', 'zero groups', 'alive units'],
    run.summary.layers.map((layer) => [
      layer.name,
      shape(layer.shape),
      count(layer.shape.reduce((product, d) => product * d, 1)),
      count(layer.nonzeros),
      percent(layer.sparsity),
      `${layer.zeroGroups} / ${layer.totalGroups}`,
      `${layer.aliveUnits} / ${layer.totalUnits}`,
    ]),
    { numericFrom: 2, className: 'layers' },
  );
}

/** `index` is the run's position in the report, 1-based: it names the section's anchor. */
export async function runSection(run: RunRecord, index: number): Promise<string> {
  const charts = await runCharts(run, index);
  const grouping = run.summary.config.grouping;
  return [
    `<section id="run-${index}">`,
    `<h2>${escapeHtml(run.name)}</h2>`,
    `<p class="note">${escapeHtml(runIdentity(run))}; run folder <code>${escapeHtml(run.dir)}</code></p>`,
    '<div class="columns">',
    `<div><h3>Settings</h3>\n${keyValueTable(shownSettings(run.summary.config))}</div>`,
    `<div><h3>Final numbers</h3>\n${keyValueTable(finalNumbers(run))}</div>`,
    '</div>',
    '<h3>Layers at the end</h3>',
    layerTable(run),
    `<p class="note">Groups are counted by the run's grouping (${escapeHtml(String(grouping ?? '-'))}); ` +
      'an alive unit has at least one non-zero weight.</p>',
    '<div class="columns">',
    ...charts,
    '</div>',
    run.compact === null ? '' : compactSection(run.compact),
    '</section>',
  ].join('\n');
}
