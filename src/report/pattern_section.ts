// The section of zero-pattern pictures: one per layer of one run's final kernels (read from its model/),
// groups as rows and competition as columns, so a reader sees what the regulariser removed. The run is the
// caller's (a sweep's chosen trial), else the first CGES run on the page, else the first run; the page says
// which and why.
// src/report imports src/util, and types from src/train and src/compact, only.
import { escapeHtml } from './html.js';
import { readKernels } from './read_kernels.js';
import type { RunRecord } from './run_record.js';
import { patternSvg, SHADES } from './pattern_svg.js';
import { blockShares, groupMatrix } from './zero_pattern.js';

/** The run whose zero patterns the page shows, and why that one (ends a sentence: "... is shown: WHY"). */
export interface PatternChoice {
  name: string;
  why: string;
}

export function defaultPatternChoice(runs: RunRecord[]): PatternChoice {
  const cges = runs.find((run) => run.summary.reg === 'cges');
  if (cges !== undefined) return { name: cges.name, why: 'the first CGES run on this page' };
  return { name: runs[0].name, why: 'the first run on this page' };
}

function note(text: string): string {
  return `<p class="note">${escapeHtml(text)}</p>`;
}

/** The section for `choice` among `runs`; `choice` names one of them. */
export function patternSection(runs: RunRecord[], choice: PatternChoice): string {
  const run = runs.find((r) => r.name === choice.name);
  if (run === undefined) throw new Error(`cges: no run ${choice.name} on the page`);
  const names = run.summary.layers.map((layer) => layer.name);
  const kernels = readKernels(run.dir, names);
  const grouping = run.summary.config.grouping === 'output' ? 'output' : 'input';
  const head = [
    '<section id="zero-patterns">',
    `<h2>Zero patterns of ${escapeHtml(run.name)}'s kernels</h2>`,
    note(`Shown for ${run.name}: ${choice.why}. One picture per layer of its final kernel, groups (grouping ` +
      `${grouping}) as rows and the weights competing inside a group as columns; a depthwise kernel has a row per ` +
      `channel. A cell is a block of weights shaded by its share of non-zeros (${SHADES} steps): white has none, ` +
      'the darkest no zero.'),
  ];
  const shrunk = run.summary.shrinkSteps?.[0];
  if (shrunk !== undefined) {
    // model/ is then the compacted network: the removed units are gone from it, not zero in it.
    head.push(note(`${run.name} went on training its compacted network from step ${shrunk}, so its model/ holds ` +
      'only the units it kept: the pictures show those, and the zeros inside them; the layer tables below count ' +
      'what was removed.'));
  }
  if (kernels === null) return [...head, note(`${run.dir} has no saved model (model/), so there is nothing to draw.`), '</section>'].join('\n');
  const figures = names.map((name, i) => {
    const kernel = kernels.get(name);
    const caption = `<figcaption>${escapeHtml(name)}</figcaption>`;
    if (kernel === undefined) {
      return `<figure>${caption}<p class="empty">model/ holds no float32 kernel for ${escapeHtml(name)}.</p></figure>`;
    }
    const matrix = groupMatrix(kernel, grouping);
    const svg = patternSvg(blockShares(matrix), {
      rows: `${matrix.rowMeaning} (${matrix.rows})`, cols: `${matrix.colMeaning} (${matrix.cols})`,
    });
    return `<figure id="pattern-${i + 1}" class="zero-pattern">\n${caption}\n${svg}\n</figure>`;
  });
  return [...head, '<div class="columns">', ...figures, '</div>', '</section>'].join('\n');
}
