// A run folder as the report reads it: summary.json and metrics.jsonl required, compact/compact.json
// optional, every fault a CgesError naming the file (and field) at fault. Files from before the
// compaction-aware fields and the throughput rounds read as they are; newer ones carry them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRun, readRuns } from '../../src/report/read_run.js';
import { CgesError } from '../../src/util/errors.js';
import { AWARE, COMPACT, COMPACT_NEW, LAYERS, summaryJson, writeFakeRun } from './fake_run.js';

const tmp = mkdtempSync(join(tmpdir(), 'cges-read-run-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

/** Asserts that `read` fails with exactly `message`, as a CgesError. */
function refuses(read: () => unknown, message: string): void {
  assert.throws(read, (error: unknown) => {
    assert.ok(error instanceof CgesError, String(error));
    assert.equal(error.message, message);
    return true;
  });
}

test('a finished run: summary, series and settings as written; no compact.json means null', () => {
  const dir = writeFakeRun(join(tmp, 'plain'));
  const run = readRun(dir);
  assert.equal(run.name, 'plain');
  assert.equal(run.dir, dir);
  assert.equal(run.compact, null);
  assert.equal(run.summary.testAccuracy, 0.9);
  assert.equal(run.summary.iterations, 30);
  assert.deepEqual(run.summary.macs, { dense: 18, nonzero: 11, fraction: 0.6 });
  assert.deepEqual(run.summary.layers, LAYERS);
  assert.deepEqual(run.summary.config, summaryJson().config);
  assert.deepEqual(run.test.map((p) => [p.step, p.testAccuracy]), [[15, 0.8], [30, 0.9]]);
  assert.equal(run.display.length, 3);
});

test('a summary written before the rename gives its flopSeed as flopOriginal', () => {
  const dir = writeFakeRun(join(tmp, 'renamed'));
  const { flopOriginal, ...rest } = summaryJson();
  writeFileSync(join(dir, 'summary.json'), JSON.stringify({ ...rest, flopSeed: 0.42 }));
  assert.equal(readRun(dir).summary.flopOriginal, 0.42);
  assert.equal(flopOriginal, 0.55);
});

test('a compacted run carries its compaction record; an older file has no rounds and no fine-tuning', () => {
  const run = readRun(writeFakeRun(join(tmp, 'compacted'), { compact: true }));
  assert.ok(run.compact !== null);
  const { stages, inputCrop, macsNonzeroBefore, ...shown } = COMPACT;
  // Its stages show fc1 lost a unit: changed.
  assert.deepEqual(run.compact, { ...shown, unchanged: false });
});

test('a newer compact.json: every throughput round, unchanged as written, accuracy before fine-tuning', () => {
  const run = readRun(writeFakeRun(join(tmp, 'compacted-new'), { compact: COMPACT_NEW }));
  const { stages, inputCrop, macsNonzeroBefore, ...shown } = COMPACT_NEW;
  assert.deepEqual(run.compact, shown);
  assert.deepEqual(run.compact?.throughput.batches[1].roundsAfter, [2400, 2600, 3000]);
  assert.equal(run.compact?.testAccuracyBeforeFinetune, 0.88);
});

test('a run from before compaction-aware training has none of its fields', () => {
  const run = readRun(writeFakeRun(join(tmp, 'old')));
  for (const key of ['compacted', 'target', 'finetune']) assert.ok(!(key in run.summary), key);
  for (const point of run.test) for (const key of ['compacted', 'phase', 'strength']) assert.ok(!(key in point), key);
  assert.ok(run.display.every((point) => !('phase' in point)));
});

test('compaction-aware training: compacted figures, target and fine-tuning in the summary and events', () => {
  const run = readRun(writeFakeRun(join(tmp, 'aware'), { aware: AWARE }));
  // 18 dense MACs and 23 parameters; the last test event's figures are the summary's.
  const last = { macs: 5, params: 9, macsFraction: 0.25, paramsFraction: 0.4 };
  assert.deepEqual(run.summary.compacted, last);
  assert.deepEqual(run.summary.target, { macs: 0.25, params: null, reachedAtStep: 30 });
  // Fine-tuning began at step 20; the test before it, at step 15, had 80% accuracy.
  assert.deepEqual(run.summary.finetune, { startStep: 20, steps: 10, testAccuracyBefore: 0.8 });
  assert.deepEqual(run.test.map((p) => [p.step, p.phase, p.strength, p.compacted?.macs]), [
    [15, 'sparsify', 1, 9], [30, 'finetune', 1.5, 5],
  ]);
  assert.deepEqual(run.test[1].compacted, last);
  assert.deepEqual(run.display.map((p) => p.phase), ['sparsify', 'finetune', 'finetune']);
});

test('missing or damaged files are named, with the field at fault', () => {
  refuses(() => readRun(join(tmp, 'nowhere')), `run folder ${join(tmp, 'nowhere')} does not exist`);

  const noSummary = join(tmp, 'no-summary');
  mkdirSync(noSummary);
  writeFileSync(join(noSummary, 'metrics.jsonl'), '');
  refuses(() => readRun(noSummary),
    `${join(noSummary, 'summary.json')} does not exist; is ${noSummary} a finished cges train run?`);

  const corrupt = writeFakeRun(join(tmp, 'corrupt'));
  writeFileSync(join(corrupt, 'summary.json'), '{"model": "lenet-300-100", "reg": ');
  assert.throws(() => readRun(corrupt), (error: unknown) =>
    error instanceof CgesError && error.message.startsWith(`${join(corrupt, 'summary.json')}: not valid JSON (`));

  const field = writeFakeRun(join(tmp, 'field'));
  writeFileSync(join(field, 'summary.json'), JSON.stringify({ ...summaryJson(), testAccuracy: '0.9' }));
  refuses(() => readRun(field), `${join(field, 'summary.json')}: testAccuracy is missing or not a number`);

  const layer = writeFakeRun(join(tmp, 'layer'));
  const layers = [LAYERS[0], { name: 'fc2' }];
  writeFileSync(join(layer, 'summary.json'), JSON.stringify({ ...summaryJson(), layers }));
  refuses(() => readRun(layer), `${join(layer, 'summary.json')}: layers[1].shape is not an array`);

  const noMetrics = writeFakeRun(join(tmp, 'no-metrics'));
  rmSync(join(noMetrics, 'metrics.jsonl'));
  refuses(() => readRun(noMetrics), `${join(noMetrics, 'metrics.jsonl')} does not exist`);

  const badCompact = writeFakeRun(join(tmp, 'bad-compact'), { compact: true });
  const compactJson = join(badCompact, 'compact', 'compact.json');
  writeFileSync(compactJson, JSON.stringify({ ...COMPACT, throughput: { backend: 'cpu' } }));
  refuses(() => readRun(badCompact), `${compactJson}: throughput.batches is not an array`);

  const [one, hundred] = COMPACT_NEW.throughput.batches;
  const batches = [one, { ...hundred, roundsAfter: [1] }];
  const uneven = { ...COMPACT_NEW, throughput: { backend: 'cpu', batches } };
  writeFileSync(compactJson, JSON.stringify(uneven));
  refuses(() => readRun(badCompact), `${compactJson}: throughput.batches[1].roundsBefore and ` +
    'throughput.batches[1].roundsAfter do not hold the same number of rounds');
  writeFileSync(compactJson, JSON.stringify({ ...COMPACT_NEW, unchanged: 'no' }));
  refuses(() => readRun(badCompact), `${compactJson}: unchanged is missing or not true or false`);

  const badAware = writeFakeRun(join(tmp, 'bad-aware'), { aware: AWARE });
  const summaryPath = join(badAware, 'summary.json');
  const aware = summaryJson({ aware: AWARE });
  writeFileSync(summaryPath, JSON.stringify({ ...aware, compacted: { macs: 5, params: 9, macsFraction: 0.25 } }));
  refuses(() => readRun(badAware), `${summaryPath}: compacted.paramsFraction is missing or not a number`);
  writeFileSync(summaryPath, JSON.stringify({ ...aware, target: { macs: '20%', params: null, reachedAtStep: null } }));
  refuses(() => readRun(badAware), `${summaryPath}: target.macs is missing or not a number`);
  writeFileSync(summaryPath, JSON.stringify({ ...aware, finetune: { startStep: 20 } }));
  refuses(() => readRun(badAware), `${summaryPath}: finetune.steps is missing or not a number`);
});

test('runs whose folders share a name are labelled by path; a folder given twice is refused', () => {
  const a = writeFakeRun(join(tmp, 'a', 'run'));
  const b = writeFakeRun(join(tmp, 'b', 'run'));
  const c = writeFakeRun(join(tmp, 'c'));
  assert.deepEqual(readRuns([a, b, c]).map((run) => run.name), [a, b, 'c']);
  const again = `${tmp}/b/../a/run`; // the same folder spelt differently
  refuses(() => readRuns([a, c, again]), `run folder ${again} is given twice`);
});
