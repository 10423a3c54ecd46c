import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cges, cgesSignalled } from '../cli/cli_process.js';
import { parseCompareRuns } from '../../src/sweep/compare.js';
import { checkReportPage } from './report_page.js';

const TINY = ['--model', 'lenet-300-100', '--train-size', '500', '--test-size', '200', '--test-every', '10'];

const tmp = mkdtempSync(join(tmpdir(), 'cges-compare-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

test('--regs: names with their own settings over the shared ones; unknown names and bad pairs refused', () => {
  const runs = parseCompareRuns('l2, cges-target:target-macs=0.1:shrink,cges@a:mu=0.4', { iterations: '50', reg: 'none' });
  assert.deepEqual(runs, [
    { name: 'l2', settings: { iterations: '50', preset: 'original', reg: 'l2' } },
    { name: 'cges-target', settings: { iterations: '50', preset: 'small', reg: 'cges', 'target-macs': '0.1', shrink: true } },
    { name: 'cges@a', settings: { iterations: '50', preset: 'original', reg: 'cges', mu: '0.4' } },
  ]);
  assert.throws(() => parseCompareRuns('l3', {}), /--regs: unknown run "l3"; known: l2, l1, group, exclusive, cges, cges-exact, cges-target/);
  assert.throws(() => parseCompareRuns('l2:Lambda=1', {}), /"Lambda=1" in "l2:Lambda=1" is not a setting/);
});

test('compare writes results.json, results.csv and report.html agreeing with each run folder, one row per run', async () => {
  const out = join(tmp, 'both');
  const run = await cges(['compare', ...TINY, '--iterations', '20', '--regs', 'l2,cges-target', '--workers', '2', '--out', out]);
  assert.equal(run.code, 0, run.stderr);
  const results = json(join(out, 'results.json'));
  assert.deepEqual(results.map((r: { name: string }) => r.name), ['l2', 'cges-target']);
  const csv = readFileSync(join(out, 'results.csv'), 'utf8').trim().split('\n').map((line) => line.split(','));
  assert.equal(csv.length, 3);
  const column = (name: string) => csv[0].indexOf(name);
  for (const [k, result] of results.entries()) {
    // Each figure against the run folder's own files.
    const summary = json(join(out, result.name, 'summary.json'));
    const compact = json(join(out, result.name, 'compact', 'compact.json'));
    assert.equal(result.testAccuracy, summary.testAccuracy);
    assert.equal(result.usingParam, summary.usingParam);
    assert.equal(result.flopOriginal, summary.flopOriginal);
    assert.equal(result.trainSeconds, summary.trainSeconds);
    assert.equal(result.compactedMacs, compact.macsAfter);
    assert.equal(result.compactedParams, compact.paramsAfter);
    // The small preset holds out MNIST's 5,000 examples after the first 55,000 by default; the original does not.
    assert.equal(result.validationAccuracy, summary.valAccuracy ?? null);
    const throughput = (batch: number) => compact.throughput.batches.find((b: { batch: number }) => b.batch === batch).after;
    assert.equal(result.examplesPerSecondBatch1, throughput(1));
    assert.equal(result.examplesPerSecondBatch100, throughput(100));
    assert.equal(summary.iterations, 20);
    assert.equal(summary.reg, result.name === 'l2' ? 'l2' : 'cges');
    const row = csv[k + 1];
    assert.equal(row[column('run')], result.name);
    assert.equal(Number(row[column('test accuracy')]), result.testAccuracy);
    assert.equal(Number(row[column('compacted MACs')]), result.compactedMacs);
    assert.equal(row[column('validation accuracy')], result.validationAccuracy === null ? '' : String(result.validationAccuracy));
    assert.match(run.stdout, new RegExp(`│ ${result.name} +│ lenet-300-100 `));
  }
  // L2 removes nothing; the target run keeps at most its 20% of the MACs, with fc1 cut (the units it kept).
  assert.equal(results[0].compactedMacsFraction, 1);
  assert.ok(results[1].compactedMacsFraction <= 0.2 + 1e-9, String(results[1].compactedMacsFraction));
  const fc1 = results[1].aliveUnits[0];
  assert.equal(fc1.total, 300);
  assert.ok(fc1.alive < 300);
  // The first CGES run's kernels are drawn: lenet-300-100's three layers.
  await checkReportPage(join(out, 'report.html'), { runs: ['l2', 'cges-target'], patternRun: 'cges-target', layers: 3 });
});

test('an interrupted compare keeps its finished runs; --resume skips them and continues the other from its checkpoint', async () => {
  const out = join(tmp, 'resume');
  const args = ['compare', ...TINY, '--iterations', '20', '--regs', 'l2,cges:iterations=3000:checkpoint-every=50',
    '--workers', '1', '--out', out];
  const stopped = await cgesSignalled(args, /finished l2/, 'SIGINT');
  assert.equal(stopped.code, 130, stopped.stderr);
  assert.match(stopped.stderr, /^cges: interrupted: 1 of 2 runs did not finish \(cges\); the finished ones are kept; continue with: cges compare .* --resume$/m);
  assert.deepEqual(json(join(out, 'results.json')).map((r: { name: string }) => r.name), ['l2']);
  assert.ok(!existsSync(join(out, 'cges', 'summary.json')));
  const checkpoint = json(join(out, 'cges', 'checkpoint', 'state.json'));
  assert.ok(checkpoint.step > 0 && checkpoint.step < 3000, `stopped at step ${checkpoint.step}`);
  const l2Written = statSync(join(out, 'l2', 'summary.json')).mtimeMs;

  const resumed = await cges([...args, '--resume']);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, /1 finished run\(s\) kept: l2/);
  assert.match(resumed.stdout, /finished cges \(resumed from its checkpoint\) \(2 of 2\)/);
  assert.equal(statSync(join(out, 'l2', 'summary.json')).mtimeMs, l2Written, 'the finished run was not run again');
  assert.deepEqual(json(join(out, 'results.json')).map((r: { name: string }) => r.name), ['l2', 'cges']);
  assert.equal(json(join(out, 'cges', 'summary.json')).iterations, 3000);
  const log = readFileSync(join(out, 'logs', 'cges.log'), 'utf8');
  assert.match(log, new RegExp(`resuming at step ${checkpoint.step}`));

  const again = await cges(args);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /^cges: --out .* already holds runs \(l2, cges\); pass --resume to continue them or --force to replace them$/m);

  // A worker stopped after the run's last checkpoint, before its compaction: --resume writes what is missing.
  const finished = json(join(out, 'l2', 'summary.json'));
  rmSync(join(out, 'l2', 'compact'), { recursive: true });
  const completed = await cges([...args, '--resume']);
  assert.equal(completed.code, 0, completed.stderr);
  assert.match(completed.stdout, /finished l2 \(resumed from its checkpoint\)/);
  assert.ok(existsSync(join(out, 'l2', 'compact', 'compact.json')));
  assert.equal(json(join(out, 'l2', 'summary.json')).testAccuracy, finished.testAccuracy);
});

test('a run setting cges train refuses stops the compare before anything runs', async () => {
  const out = join(tmp, 'bad');
  const cases: [string, RegExp][] = [
    ['l2,cges:mu=2', /^cges: run cges: --mu must be a number in \[0, 1\], got "2"$/],
    ['l2:out=x', /^cges: run l2: "out" is not a setting a run may take/],
    ['l2:lambda', /^cges: run l2: --lambda takes a value \(name=value\)$/],
  ];
  for (const [regs, pattern] of cases) {
    const run = await cges(['compare', ...TINY, '--regs', regs, '--out', out]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr.trim(), pattern);
    assert.ok(!existsSync(out));
  }
});
