// The one-row-per-run overview: the numbers of the fake runs, lambda only where the regulariser reads it,
// the compaction columns only when some run was compacted (or its summary says what compaction would
// give), and the target column only when some run had a target.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatRunsOverview, runsOverview } from '../../src/report/overview.js';
import { readRun } from '../../src/report/read_run.js';
import { AWARE, COMPACT_NEW, writeFakeRun } from './fake_run.js';
import { tableRow } from './table_row.js';

const tmp = mkdtempSync(join(tmpdir(), 'cges-overview-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

const cges = readRun(writeFakeRun(join(tmp, 'cges-run'), { compact: true, lambda: 6e-4 }));
const l2 = readRun(writeFakeRun(join(tmp, 'l2-run'), { reg: 'l2', tests: [[50, 0.97, 1, 1]] }));

test('one row per run; compaction columns when a run was compacted, "-" for the others', () => {
  const { head, rows } = runsOverview([cges, l2]);
  assert.deepEqual(head, [
    'run', 'model', 'data', 'reg', 'lambda', 'iterations', 'test acc', 'using param', 'MACs kept',
    'compact MACs', 'compact params', 'speed-up @100',
  ]);
  assert.deepEqual(rows, [
    ['cges-run', 'lenet-300-100', '-', 'cges', '0.0006', '30', '90.00%', '75.0%', '60.0%', '25.0%', '40.0%', '3.00x'],
    ['l2-run', 'lenet-300-100', '-', 'l2', '-', '50', '97.00%', '100.0%', '100.0%', '-', '-', '-'],
  ]);
});

test('without a compacted run the table stops at MACs kept; the text table holds the same cells', () => {
  const { head } = runsOverview([l2]);
  assert.equal(head[head.length - 1], 'MACs kept');
  const text = formatRunsOverview([cges, l2]);
  const compacted = ['cges-run', 'lenet-300-100', '-', 'cges', '0.0006', '30', '90.00%', '75.0%', '60.0%', '25.0%', '40.0%', '3.00x'];
  assert.match(text, tableRow(compacted));
  assert.match(text, tableRow(['l2-run', 'lenet-300-100', '-', 'l2', '-', '50', '97.00%', '100.0%', '100.0%', '-', '-', '-']));
  assert.doesNotMatch(text, /\u001b\[/, 'no colour codes');
});

test('compaction-aware runs: what compaction would keep, the speed-up spread, and the target met or missed', () => {
  const aware = readRun(writeFakeRun(join(tmp, 'aware'), { aware: AWARE }));
  const missed = { ...AWARE, target: { macs: 0.2, params: 0.125, reachedAtStep: null } };
  const built = readRun(writeFakeRun(join(tmp, 'built'), { aware: missed, compact: COMPACT_NEW }));
  const { head, rows } = runsOverview([aware, built, l2]);
  assert.deepEqual(head.slice(9), ['compact MACs', 'compact params', 'speed-up @100', 'target']);
  // aware: not compacted, its summary's 25% / 40%; built: compact.json's 250 / 1000 and 800 / 2000, and
  // per-round ratios 2.4 to 3.25 at batch 100.
  assert.deepEqual(rows.map((row) => row.slice(9)), [
    ['25.0%', '40.0%', '-', 'MACs 25%, reached at 30'],
    ['25.0%', '40.0%', '3.00x (2.40-3.25)', 'MACs 20%, params 12.5%, missed'],
    ['-', '-', '-', '-'],
  ]);
  assert.match(formatRunsOverview([aware]), tableRow(['25.0%', '40.0%', '-', 'MACs 25%, reached at 30']));
});

test('each run named with its model and data; a validation column when some run measured one', () => {
  const fashion = readRun(writeFakeRun(join(tmp, 'fashion'), {
    model: 'seed-mnist', dataDir: '/data/fashion-mnist/train.csv', valAccuracy: 0.875,
  }));
  const user = readRun(writeFakeRun(join(tmp, 'user'), { model: '/home/me/models/tiny/model.json' }));
  const { head, rows } = runsOverview([fashion, user]);
  assert.deepEqual(head.slice(0, 8), ['run', 'model', 'data', 'reg', 'lambda', 'iterations', 'val acc', 'test acc']);
  assert.deepEqual(rows.map((row) => row.slice(0, 8)), [
    ['fashion', 'seed-mnist', 'fashion-mnist/train.csv', 'cges', '0.001', '30', '87.50%', '90.00%'],
    ['user', 'tiny', '-', 'cges', '0.001', '30', '-', '90.00%'],
  ]);
});
