// The final numbers compared across runs, against hand-computed values of the fake runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRun } from '../../src/report/read_run.js';
import { runFigures, tradeoffMacs } from '../../src/report/run_figures.js';
import { writeFakeRun } from './fake_run.js';

const tmp = mkdtempSync(join(tmpdir(), 'cges-figures-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

test('a compacted run: MACs and params kept by the compacted model, and the speed-up at batch 100', () => {
  const figures = runFigures(readRun(writeFakeRun(join(tmp, 'compacted'), { compact: true })));
  // MACs 1000 -> 250, params 2000 -> 800, batch 100: 1000 -> 3000 examples/s.
  assert.deepEqual(figures, {
    testAccuracy: 0.9, usingParam: 0.75, macsKept: 0.6, compactMacsKept: 0.25, compactParamsKept: 0.4, speedup: 3,
  });
  assert.deepEqual(tradeoffMacs(figures), { kept: 0.25, compacted: true });
});

test('a run that was not compacted is compared by its non-zero MACs', () => {
  const figures = runFigures(readRun(writeFakeRun(join(tmp, 'plain'))));
  assert.deepEqual(figures, {
    testAccuracy: 0.9, usingParam: 0.75, macsKept: 0.6, compactMacsKept: null, compactParamsKept: null, speedup: null,
  });
  assert.deepEqual(tradeoffMacs(figures), { kept: 0.6, compacted: false });
});
