// The one-row-per-run overview: the numbers of the fake runs, lambda only where the regulariser reads it,
// and the compaction columns only when some run was compacted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatRunsOverview, runsOverview } from '../../src/report/overview.js';
import { readRun } from '../../src/report/read_run.js';
import { writeFakeRun } from './fake_run.js';
import { tableRow } from './table_row.js';

const tmp = mkdtempSync(join(tmpdir(), 'cges-overview-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

const cges = readRun(writeFakeRun(join(tmp, 'cges-run'), { compact: true, lambda: 6e-4 }));
const l2 = readRun(writeFakeRun(join(tmp, 'l2-run'), { reg: 'l2', tests: [[50, 0.97, 1, 1]] }));

test('one row per run; compaction columns when a run was compacted, "-" for the others', () => {
  const { head, rows } = runsOverview([cges, l2]);
  assert.deepEqual(head, [
    'run', 'reg', 'lambda', 'iterations', 'test acc', 'using param', 'MACs kept',
    'compact MACs', 'compact params', 'speed-up @100',
  ]);
  assert.deepEqual(rows, [
    ['cges-run', 'cges', '0.0006', '30', '90.00%', '75.0%', '60.0%', '25.0%', '40.0%', '3.00x'],
    ['l2-run', 'l2', '-', '50', '97.00%', '100.0%', '100.0%', '-', '-', '-'],
  ]);
});

test('without a compacted run the table stops at MACs kept; the text table holds the same cells', () => {
  const { head } = runsOverview([l2]);
  assert.equal(head[head.length - 1], 'MACs kept');
  const text = formatRunsOverview([cges, l2]);
  const compacted = ['cges-run', 'cges', '0.0006', '30', '90.00%', '75.0%', '60.0%', '25.0%', '40.0%', '3.00x'];
  assert.match(text, tableRow(compacted));
  assert.match(text, tableRow(['l2-run', 'l2', '-', '50', '97.00%', '100.0%', '100.0%', '-', '-', '-']));
  assert.doesNotMatch(text, /\u001b\[/, 'no colour codes');
});
