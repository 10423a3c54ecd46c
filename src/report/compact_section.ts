// The compaction part of a run's section (from compact/compact.json): per layer, parameters and MACs per
// example before -> after; the logit equality check; test accuracy before and after compaction (and
// before fine-tuning, when the compacted model was fine-tuned); inference speed with its spread, or
// "no change" when compaction removed nothing.
// src/report imports src/util, src/compact/claims.ts (no TF.js), and types from src/train and src/compact, only.
import { claimedSpeedup, claimLines } from '../compact/claims.js';
import { change, count, percent, shape } from './format.js';
import { escapeHtml, htmlTable, keyValueTable } from './html.js';
import type { CompactRecord } from './run_record.js';

/** "before -> after (kept%)" */
function total(before: number, after: number): string {
  return `${change(count(before), count(after))} (${percent(before === 0 ? 1 : after / before, 1)} kept)`;
}

export function compactSection(compact: CompactRecord): string {
  const layers = htmlTable(
    ['layer', 'class', 'output shape', 'params', 'MACs / example'],
    compact.layers.map((row) => [
      row.name, row.className,
      // A layer compaction added (an input crop) has no shape before.
      row.shapeBefore.length === 0
        ? `(added) ${shape(row.shapeAfter)}` : change(shape(row.shapeBefore), shape(row.shapeAfter)),
      change(count(row.paramsBefore), count(row.paramsAfter)),
      change(count(row.macsBefore), count(row.macsAfter)),
    ]),
    {
      numericFrom: 3,
      foot: [
        'total', '', '', total(compact.paramsBefore, compact.paramsAfter), total(compact.macsBefore, compact.macsAfter),
      ],
    },
  );
  const checks = keyValueTable([
    ['max |logit difference|', `${compact.maxAbsLogitDiff.toExponential(2)} (logit scale ` +
      `${compact.logitScale.toFixed(3)}, ${count(compact.testExamples)} test examples)`],
    ...claimLines(compact),
  ]);
  const { throughput } = compact;
  const speed = htmlTable(
    ['batch', 'examples/s before', 'examples/s after', 'speed-up'],
    throughput.batches.map((pair) => [
      String(pair.batch), count(Math.round(pair.before)), count(Math.round(pair.after)),
      claimedSpeedup(pair, compact.unchanged),
    ]),
    { numericFrom: 0 },
  );
  const notes = compact.notes.map((note) => `<li>${escapeHtml(`${note.layer}: ${note.reason}`)}</li>`);
  return [
    '<h3>Compaction</h3>',
    layers,
    checks,
    `<p class="note">Inference throughput on the ${escapeHtml(throughput.backend)} backend:</p>`,
    speed,
    notes.length === 0 ? '' : `<ul class="note">\n${notes.join('\n')}\n</ul>`,
  ].join('\n');
}
