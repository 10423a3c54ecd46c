// The final numbers compared across runs, against hand-computed values of the fake runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRun } from '../../src/report/read_run.js';
import { runFigures, tradeoffMacs } from '../../src/report/run_figures.js';
import { AWARE, COMPACT, COMPACT_NEW, writeFakeRun } from './fake_run.js';

const tmp = mkdtempSync(join(tmpdir(), 'cges-figures-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

const RUN = { testAccuracy: 0.9, usingParam: 0.75, macsKept: 0.6 };
const NOT_COMPACTED = { compactUnchanged: null, speedup: null, speedupSpread: null };

test('a compacted run: MACs and params kept by the compacted model, and the speed-up at batch 100', () => {
  const figures = runFigures(readRun(writeFakeRun(join(tmp, 'compacted'), { compact: true })));
  // MACs 1000 -> 250, params 2000 -> 800, batch 100: 1000 -> 3000 examples/s; no rounds in an older file.
  assert.deepEqual(figures, {
    ...RUN, compactMacsKept: 0.25, compactParamsKept: 0.4, compactSource: 'built', compactUnchanged: false,
    speedup: 3, speedupSpread: null,
  });
  assert.deepEqual(tradeoffMacs(figures), { kept: 0.25, counted: 'built' });
});

test('a newer compact.json: the speed-up at batch 100 with the range of its per-round ratios', () => {
  const figures = runFigures(readRun(writeFakeRun(join(tmp, 'rounds'), { compact: COMPACT_NEW })));
  // Rounds 2400/1000, 2600/800, 3000/950.
  assert.equal(figures.speedup, 3);
  assert.deepEqual(figures.speedupSpread, { min: 2.4, max: 3.25 });
});

test('an unchanged compaction claims no speed-up; an older file is judged by its stages', () => {
  const stages = COMPACT.stages.map((stage) => ({
    ...stage, unitsAfter: stage.unitsBefore, inChannelsAfter: stage.inChannelsBefore,
  }));
  const files = [['said', { ...COMPACT_NEW, unchanged: true }], ['old', { ...COMPACT, stages }]] as const;
  for (const [name, compact] of files) {
    const figures = runFigures(readRun(writeFakeRun(join(tmp, name), { compact })));
    assert.deepEqual([figures.compactUnchanged, figures.speedup, figures.speedupSpread], [true, null, null], name);
  }
});

test('a run that was not compacted is compared by its non-zero MACs', () => {
  const figures = runFigures(readRun(writeFakeRun(join(tmp, 'plain'))));
  assert.deepEqual(figures, {
    ...RUN, compactMacsKept: null, compactParamsKept: null, compactSource: null, ...NOT_COMPACTED,
  });
  assert.deepEqual(tradeoffMacs(figures), { kept: 0.6, counted: 'nonzero' });
});

test('a run not compacted whose summary says what compaction would give is compared by that', () => {
  const figures = runFigures(readRun(writeFakeRun(join(tmp, 'aware'), { aware: AWARE })));
  // AWARE's last compacted figures: 25% of the MACs, 40% of the parameters.
  assert.deepEqual(figures, {
    ...RUN, compactMacsKept: 0.25, compactParamsKept: 0.4, compactSource: 'predicted', ...NOT_COMPACTED,
  });
  assert.deepEqual(tradeoffMacs(figures), { kept: 0.25, counted: 'predicted' });
  // Compacted, the built model's numbers count.
  const built = runFigures(readRun(writeFakeRun(join(tmp, 'aware-built'), { aware: AWARE, compact: true })));
  assert.equal(built.compactSource, 'built');
});
