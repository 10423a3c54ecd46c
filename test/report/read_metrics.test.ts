// metrics.jsonl: the display and test series as logged, a crash's cut-short last line skipped, and any
// other damage reported with the file and line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMetrics } from '../../src/report/read_metrics.js';
import { CgesError } from '../../src/util/errors.js';
import { metricsJsonl } from './fake_run.js';

const tmp = mkdtempSync(join(tmpdir(), 'cges-metrics-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

test('display and test events come back in order with their numbers', () => {
  const series = readMetrics(write('ok.jsonl', metricsJsonl()));
  assert.deepEqual(series.display.map((p) => [p.step, p.layers.map((l) => [l.name, l.sparsity])]), [
    [10, [['fc1', 0.1], ['fc2', 0]]],
    [20, [['fc1', 0.3], ['fc2', 0]]],
    [30, [['fc1', 0.5], ['fc2', 0]]],
  ]);
  // usingParam of a display event: 1 - 12 * 0.3 / 18 at step 20.
  assert.ok(Math.abs(series.display[1].usingParam - (1 - 3.6 / 18)) < 1e-12);
  assert.deepEqual(series.test, [
    { step: 15, testAccuracy: 0.8, usingParam: 0.8, macs: { dense: 18, nonzero: 13, fraction: 0.7 } },
    { step: 30, testAccuracy: 0.9, usingParam: 0.75, macs: { dense: 18, nonzero: 11, fraction: 0.6 } },
  ]);
  assert.equal(series.truncated, false);
});

test('a last line cut short by a crash is skipped; events of other kinds are passed over', () => {
  const whole = metricsJsonl();
  const cut = whole.slice(0, whole.length - 40); // the last event loses its end and its newline
  const other = `${JSON.stringify({ event: 'checkpoint', step: 5 })}\n`;
  const series = readMetrics(write('cut.jsonl', other + cut));
  assert.equal(series.truncated, true);
  assert.deepEqual(series.test.map((p) => p.step), [15]);
  assert.deepEqual(series.display.map((p) => p.step), [10, 20, 30]);
});

test('a damaged line that is not the last one, or an event missing a field, names the file and line', () => {
  const lines = metricsJsonl().split('\n');
  const broken = write('broken.jsonl', [lines[0], '{"event":"display","st', ...lines.slice(1)].join('\n'));
  assert.throws(() => readMetrics(broken), (error: unknown) =>
    error instanceof CgesError && error.message === `${broken} line 2: not valid JSON`);

  const event = JSON.parse(lines[1]);
  delete event.testAccuracy;
  const missing = write('missing.jsonl', [lines[0], JSON.stringify(event), ''].join('\n'));
  assert.throws(() => readMetrics(missing), (error: unknown) =>
    error instanceof CgesError && error.message === `${missing} line 2: testAccuracy is missing or not a number`);

  const layerless = { event: 'display', step: 1, usingParam: 1, layers: [{ name: 'fc1' }] };
  const noLayers = write('layers.jsonl', `${JSON.stringify(layerless)}\n`);
  assert.throws(() => readMetrics(noLayers),
    { message: `${noLayers} line 1: layers[0].sparsity is missing or not a number` });

  const macs = { dense: 1, nonzero: 1, fraction: 1 };
  const phaseless = { event: 'test', step: 1, testAccuracy: 0.5, usingParam: 1, macs };
  const badPhase = write('phase.jsonl', `${JSON.stringify({ ...phaseless, phase: 'warmup' })}\n`);
  assert.throws(() => readMetrics(badPhase),
    { message: `${badPhase} line 1: phase is "warmup", not one of sparsify, finetune` });
  const badCompacted = write('compacted.jsonl', `${JSON.stringify({ ...phaseless, compacted: { macs: 1 } })}\n`);
  assert.throws(() => readMetrics(badCompacted),
    { message: `${badCompacted} line 1: compacted.params is missing or not a number` });

  const absent = join(tmp, 'absent.jsonl');
  assert.throws(() => readMetrics(absent), { message: `${absent} does not exist` });
});
