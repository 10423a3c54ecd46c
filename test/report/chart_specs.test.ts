// The charts rendered through Vega: one mark per data point, axis titles with units, a legend entry per
// run (or layer), rules where fine-tuning began and at cost targets, against the fake runs' hand-picked
// numbers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  accuracyRows, costRows, finetuneRows, layerNames, layerSparsityRows, layerUnitsRows, targetRows, tradeoffAccuracy,
  tradeoffRows,
} from '../../src/report/chart_data.js';
import {
  accuracySpec, costSpec, layerSparsitySpec, layerUnitsSpec, tradeoffSpec,
} from '../../src/report/chart_specs.js';
import { readRuns } from '../../src/report/read_run.js';
import { renderSvg } from '../../src/report/vega_svg.js';
import { AWARE, writeFakeRun } from './fake_run.js';
import { markCount, texts } from './svg_marks.js';

const tmp = mkdtempSync(join(tmpdir(), 'cges-charts-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

// Three tests in the first run, one in the second; the second was compacted. The odd name checks escaping.
const runs = readRuns([
  writeFakeRun(join(tmp, 'cges <a&b>'), { tests: [[10, 0.5, 0.9, 0.9], [20, 0.7, 0.8, 0.85], [30, 0.75, 0.7, 0.8]] }),
  writeFakeRun(join(tmp, 'l2-run'), { reg: 'l2', tests: [[30, 0.95, 1, 1]], compact: true }),
]);
const names = runs.map((run) => run.name);

test('accuracy vs step: one point per test event, runs in the legend, axes with units', async () => {
  const rows = accuracyRows(runs);
  assert.deepEqual(rows.map((r) => [r.run, r.step, r.accuracy]),
    [['cges <a&b>', 10, 0.5], ['cges <a&b>', 20, 0.7], ['cges <a&b>', 30, 0.75], ['l2-run', 30, 0.95]]);
  const svg = await renderSvg(accuracySpec(rows, names), 'accuracy');
  assert.equal(markCount(svg, 'symbol'), 4);
  assert.equal(markCount(svg, 'line'), 2, 'one line per run');
  assert.deepEqual(texts(svg, 'axis-title'), ['training step (iterations)', 'test accuracy (% of the test set)']);
  assert.deepEqual(texts(svg, 'legend-label'), names);
  assert.ok(svg.includes('cges &lt;a&amp;b&gt;'), 'run names are escaped');
});

test('MACs fraction and using param vs step: two series per run', async () => {
  const rows = costRows(runs);
  assert.deepEqual(rows.filter((r) => r.step === 20).map((r) => r.fraction), [0.8, 0.85]);
  const svg = await renderSvg(costSpec(rows, names), 'cost');
  assert.equal(markCount(svg, 'symbol'), 8);
  assert.equal(markCount(svg, 'line'), 4);
  assert.deepEqual(texts(svg, 'axis-title'), ['training step (iterations)', 'share of the dense count (%)']);
  assert.deepEqual(texts(svg, 'legend-label'),
    [...names, 'MACs per example (non-zero weights)', 'kernel weights (using param)']);
  assert.equal(markCount(svg, 'rule', 'line'), 0, 'no target, no fine-tuning: no rules');
});

// A compaction-aware run (two tests; fine-tuning from step 20; MACs target 25%, met) beside an old one.
const aware = readRuns([
  writeFakeRun(join(tmp, 'aware'), { aware: AWARE }),
  writeFakeRun(join(tmp, 'old'), { tests: [[30, 0.8, 0.9, 0.9]] }),
]);
const awareNames = aware.map((run) => run.name);

test('cost vs step, compaction-aware: two more series, rules at the target and where fine-tuning began', async () => {
  const rows = costRows(aware);
  assert.deepEqual(rows.filter((r) => r.run === 'aware' && r.step === 30).map((r) => [r.measure, r.fraction]), [
    ['MACs per example (non-zero weights)', 0.6], ['kernel weights (using param)', 0.75],
    ['MACs per example (compacted network)', 0.25], ['parameters (compacted network)', 0.4],
  ]);
  assert.equal(rows.filter((r) => r.run === 'old').length, 2, 'the old run has no compacted figures');
  assert.deepEqual([...new Set(rows.map((r) => r.step))], [15, 30], 'without cost on displays, the test steps');
  const targets = targetRows(aware);
  assert.deepEqual(targets, [{ run: 'aware', fraction: 0.25, label: 'MACs target' }]);
  const finetune = finetuneRows(aware);
  assert.deepEqual(finetune, [{ run: 'aware', step: 20, label: 'fine-tuning' }]);
  const svg = await renderSvg(costSpec(rows, awareNames, { finetune, targets }), 'cost-aware');
  assert.equal(markCount(svg, 'symbol'), 2 * 4 + 2);
  assert.equal(markCount(svg, 'line'), 4 + 2);
  assert.equal(markCount(svg, 'rule', 'line'), 2);
  assert.deepEqual(texts(svg, 'mark'), ['fine-tuning', 'MACs target']);
  assert.deepEqual(texts(svg, 'legend-label'), [
    ...awareNames, 'MACs per example (non-zero weights)', 'kernel weights (using param)',
    'MACs per example (compacted network)', 'parameters (compacted network)',
  ]);
});

test('accuracy vs step marks where fine-tuning began', async () => {
  const svg = await renderSvg(accuracySpec(accuracyRows(aware), awareNames, finetuneRows(aware)), 'accuracy-aware');
  assert.equal(markCount(svg, 'symbol'), 3);
  assert.equal(markCount(svg, 'rule', 'line'), 1);
  assert.match(svg, /<line [^>]*stroke-dasharray="5,3"/);
  assert.deepEqual(texts(svg, 'mark'), ['fine-tuning']);
  assert.deepEqual(texts(svg, 'axis-title'), ['training step (iterations)', 'test accuracy (% of the test set)']);
});

test('accuracy vs MACs kept places a run not compacted by what compaction would give, when its summary says', () => {
  // AWARE's compacted network keeps 25% of the MACs; the old run only has its non-zero 90%.
  assert.deepEqual(tradeoffRows(aware).map((r) => [r.run, r.macsKept, r.counted]), [
    ['aware', 0.25, 'compacted model (predicted)'],
    ['old', 0.9, 'non-zero weights (not compacted)'],
  ]);
});

test('per-layer sparsity of one run: one line per layer through its display events', async () => {
  const [run] = runs;
  const rows = layerSparsityRows(run);
  const fc1 = rows.filter((r) => r.layer === 'fc1');
  assert.deepEqual(fc1.map((r) => [r.step, r.zeros]), [[10, 0.1], [20, 0.3], [30, 0.5]]);
  const svg = await renderSvg(layerSparsitySpec(rows, layerNames(run)), 'sparsity');
  assert.equal(markCount(svg, 'line'), 2);
  assert.deepEqual(texts(svg, 'legend-label'), ['fc1', 'fc2']);
  assert.deepEqual(texts(svg, 'axis-title'), ['training step (iterations)', 'zero kernel weights (% of the layer)']);
});

test('alive units and zero groups at the end: two bars per layer, labelled with the counts', async () => {
  const [run] = runs;
  const rows = layerUnitsRows(run);
  assert.deepEqual(rows.map((r) => [r.layer, r.measure, r.label]), [
    ['fc1', 'alive units', '2/3'], ['fc1', 'zero groups', '1/4'],
    ['fc2', 'alive units', '2/2'], ['fc2', 'zero groups', '0/3'],
  ]);
  assert.deepEqual(rows.map((r) => r.share), [2 / 3, 1 / 4, 1, 0]);
  const svg = await renderSvg(layerUnitsSpec(rows, layerNames(run)), 'units');
  assert.equal(markCount(svg, 'rect'), 4);
  assert.deepEqual(texts(svg, 'mark'), ['2/3', '1/4', '2/2', '0/3']);
  assert.deepEqual(texts(svg, 'axis-title'), ['layer', 'share of the layer\'s units / groups (%)']);
});

test('accuracy vs MACs kept: a point per run, the compacted MACs where the run was compacted', async () => {
  const rows = tradeoffRows(runs);
  // The fake compaction keeps 250 of 1000 MACs; the other run keeps its last non-zero fraction, 0.7.
  assert.deepEqual(rows.map((r) => [r.run, r.macsKept, r.accuracy, r.counted]), [
    ['cges <a&b>', 0.7, 0.75, 'non-zero weights (not compacted)'],
    ['l2-run', 0.25, 0.95, 'compacted model'],
  ]);
  // l2-run has fewer MACs and more accuracy: the front is it alone.
  assert.deepEqual(rows.map((r) => r.front), [false, true]);
  const svg = await renderSvg(tradeoffSpec(rows, names), 'tradeoff');
  assert.equal(markCount(svg, 'symbol'), 2 + 1, 'a point per run and a ring on the front');
  assert.deepEqual(texts(svg, 'mark'), names, 'each point is labelled with its run');
  assert.deepEqual(texts(svg, 'axis-title'),
    ['MACs per example kept (% of the dense model)', 'final test accuracy (% of the test set)']);
});

test('cost vs step of a run that logs its cost on display events: a point per display, not per test', async () => {
  const [run] = readRuns([writeFakeRun(join(tmp, 'displayed'), {
    aware: { ...AWARE, displayCompacted: [[0.9, 0.95], [0.4, 0.5], [0.25, 0.4]] },
  })]);
  const rows = costRows([run]);
  // Display events at steps 10, 20, 30 (DEFAULT_DISPLAYS); tests only at 15 and 30.
  assert.deepEqual(rows.filter((r) => r.measure === 'MACs per example (compacted network)').map((r) => [r.step, r.fraction]),
    [[10, 0.9], [20, 0.4], [30, 0.25]]);
  // fc1 is 10% zero at step 10: using param 1 - 1.2 / 18, and the non-zero MACs share equal to it.
  const at10 = rows.filter((r) => r.step === 10).map((r) => r.fraction);
  assert.deepEqual(at10, [1 - 1.2 / 18, 1 - 1.2 / 18, 0.9, 0.95]);
  const svg = await renderSvg(costSpec(rows, [run.name]), 'cost-displayed');
  assert.equal(markCount(svg, 'symbol'), 3 * 4);
});

test('accuracy vs MACs marks the Pareto front: by validation accuracy when every run has it, else by test', async () => {
  // [name, test accuracy, validation accuracy, non-zero MACs fraction] (none of them compacted).
  const picked: [string, number, number, number][] = [
    ['a', 0.90, 0.80, 0.2], ['b', 0.95, 0.85, 0.5], ['c', 0.93, 0.90, 0.6], ['d', 0.97, 0.84, 0.9],
  ];
  const write = (validation: boolean) => readRuns(picked.map(([name, test, val, macs]) => writeFakeRun(
    join(tmp, `front-${validation}-${name}`), { tests: [[30, test, macs, macs]], ...(validation ? { valAccuracy: val } : {}) })));
  // By test: a (0.2, 0.90), b (0.5, 0.95) and d (0.9, 0.97) rise together; c (0.6, 0.93) is beaten by b.
  const byTest = tradeoffRows(write(false));
  assert.deepEqual(byTest.map((r) => [r.accuracy, r.front]), [[0.90, true], [0.95, true], [0.93, false], [0.97, true]]);
  // By validation: a 0.80, b 0.85, c 0.90 rise; d (0.9, 0.84) is beaten by c (0.6, 0.90).
  const validated = write(true);
  assert.equal(tradeoffAccuracy(validated), 'validation');
  const byVal = tradeoffRows(validated);
  assert.deepEqual(byVal.map((r) => [r.accuracy, r.front]), [[0.80, true], [0.85, true], [0.90, true], [0.84, false]]);
  // One run without validation accuracy: the test set again.
  assert.equal(tradeoffAccuracy([...validated, ...write(false).slice(0, 1)]), 'test');

  const svg = await renderSvg(tradeoffSpec(byVal, validated.map((r) => r.name), 'validation'), 'tradeoff-front');
  assert.equal(markCount(svg, 'line'), 1, 'one line along the front');
  assert.equal(markCount(svg, 'symbol'), 4 + 3, 'a point per run and a ring per run on the front');
  assert.deepEqual(texts(svg, 'axis-title'),
    ['MACs per example kept (% of the dense model)', 'final validation accuracy (% of the validation examples)']);
});
