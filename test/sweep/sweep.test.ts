import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cges } from '../cli/cli_process.js';
import { paretoFrontNaive } from '../../src/report/pareto.js';
import { checkReportPage } from './report_page.js';

const TINY = ['--model', 'lenet-300-100', '--train-size', '500', '--test-size', '200', '--test-every', '20', '--iterations', '40'];

const tmp = mkdtempSync(join(tmpdir(), 'cges-sweep-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));

test('a tiny sweep over cost targets: each target met, the goal\'s choice, the front and the reproducing command', async () => {
  const out = join(tmp, 'targets');
  const spec = join(tmp, 'spec.json');
  writeFileSync(spec, JSON.stringify({ grid: { 'target-macs': [0.1, 0.3] }, goal: { maxMacs: 0.2 } }));
  const schedule = ['--optimizer', 'momentum', '--decay-rate', '0.7'];
  const run = await cges(['sweep', ...TINY, ...schedule, '--spec', spec, '--workers', '2', '--out', out]);
  assert.equal(run.code, 0, run.stderr);
  const [l2, ...results] = json(join(out, 'results.json'));
  // The L2 reference runs first, at the same budget, schedule and seed, with the small preset's settings.
  assert.equal(l2.name, 'l2');
  assert.equal(l2.reg, 'l2');
  for (const r of [l2, ...results]) {
    const { config } = json(join(r.dir, 'summary.json'));
    assert.deepEqual([config.optimizer, config.decayRate, config.iterations], ['momentum', 0.7, 40], r.name);
  }
  assert.deepEqual(results.map((r: { name: string }) => r.name), ['target-macs-0.1', 'target-macs-0.3']);
  results.forEach((r: { compactedMacsFraction: number }, k: number) => assert.ok(r.compactedMacsFraction <= [0.1, 0.3][k] + 1e-9));
  const record = json(join(out, 'sweep.json'));
  // The small preset holds out MNIST's 5,000 examples after the training ones: validation accuracy chooses.
  assert.equal(record.selectedBy, 'validation');
  assert.match(run.stdout, /chosen by validation accuracy/);
  // Only the 10% target fits the goal's 20%.
  assert.deepEqual(record.feasible, ['target-macs-0.1']);
  assert.equal(record.chosen, 'target-macs-0.1');
  const points = results.map((r: { compactedMacsFraction: number; validationAccuracy: number }) =>
    ({ macs: r.compactedMacsFraction, accuracy: r.validationAccuracy }));
  assert.deepEqual(record.pareto, paretoFrontNaive(points).map((i) => results[i].name));
  assert.deepEqual(record.baseline, { name: 'l2', accuracy: l2.validationAccuracy });
  type Row = { name: string; compactedMacs: number; validationAccuracy: number };
  const within = results.filter((r: Row) => r.validationAccuracy >= l2.validationAccuracy - 0.005)
    .sort((a: Row, b: Row) => a.compactedMacs - b.compactedMacs)[0];
  assert.deepEqual(record.smallestWithin, { drop: 0.005, name: within?.name ?? null });
  assert.match(run.stdout, /^L2 reference: \d+\.\d\d%; smallest within 0\.5 pp of it: /m);
  assert.match(record.command, /^cges train --preset small --reg cges .*--target-macs 0\.1 --threads 1 --out runs\/target-macs-0\.1 --compact$/);
  assert.ok(run.stdout.includes(`reproduce with: ${record.command}`));
  // The page draws the chosen trial's kernels.
  await checkReportPage(join(out, 'report.html'), { runs: ['l2', 'target-macs-0.1', 'target-macs-0.3'], patternRun: 'target-macs-0.1', layers: 3 });
  assert.match(readFileSync(join(out, 'report.html'), 'utf8'), /Shown for target-macs-0\.1: the setting the sweep chose\./);
});

test('the reproducing command alone gives the chosen trial\'s very model, on the trial\'s thread count', async () => {
  // A convolution's weight gradient sums over threads, so another thread count would round differently.
  const out = join(tmp, 'reproduced-sweep');
  const run = await cges(['sweep', '--model', 'lenet5', '--train-size', '200', '--test-size', '100', '--iterations', '12',
    '--target-macs', '0.5', '--no-baseline', '--workers', '1', '--out', out]);
  assert.equal(run.code, 0, run.stderr);
  const { command, chosen } = json(join(out, 'sweep.json'));
  const again = join(tmp, 'reproduced');
  const rerun = await cges(command.split(' ').slice(1).map((word: string) => (word.startsWith('runs/') ? again : word)));
  assert.equal(rerun.code, 0, rerun.stderr);
  for (const file of ['model/weights.bin', 'compact/weights.bin']) {
    assert.ok(readFileSync(join(again, file)).equals(readFileSync(join(out, chosen, file))), file);
  }
});

test('a bad sweep is one line before anything runs', async () => {
  const out = join(tmp, 'bad');
  const spec = join(tmp, 'bad.json');
  writeFileSync(spec, '{"grid": {"mu": "0.5"}}');
  const cases: [string[], RegExp][] = [
    [['--target-macs', '0.1,2'], /^cges: run target-macs-2: --target-macs must be a number in \(0, 1\), got "2"$/],
    [['--max-macs', '0'], /^cges: --max-macs must be a number in \(0, 1\], got "0"$/],
    [['--objective', 'speed'], /^cges: --objective must be one of accuracy, macs/],
    [['--max-drop', '-1'], /^cges: --max-drop must be percentage points in \[0, 100\), got "-1"$/],
    [['--max-drop', '0.5', '--no-baseline'], /^cges: --max-drop measures from the L2 reference run, which --no-baseline leaves out$/],
    [['--spec', spec], /^cges: --spec .*bad\.json: grid\.mu must be a list of numbers or strings$/],
    [['--spec', join(tmp, 'none.json')], /^cges: --spec .*none\.json: ENOENT/],
  ];
  for (const [args, pattern] of cases) {
    const run = await cges(['sweep', ...TINY, ...args, '--out', out]);
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr.trim(), pattern);
    assert.ok(!existsSync(out));
  }
});

test('--distill trains one L2 teacher, names it as every trial\'s --teacher, counts its time once, and keeps it on --resume', async () => {
  const out = join(tmp, 'distilled');
  const args = ['sweep', ...TINY, '--target-macs', '0.2', '--distill-alpha', '0,0.9', '--distill', '--optimizer', 'momentum',
    '--workers', '2', '--out', out];
  const run = await cges(args);
  assert.equal(run.code, 0, run.stderr);
  const teacherDir = join(out, 'distilled-teacher', 'l2');
  const teacherSummary = json(join(teacherDir, 'summary.json'));
  // The teacher trains at the trials' budget and on their schedule.
  assert.deepEqual([teacherSummary.reg, teacherSummary.config.iterations, teacherSummary.config.optimizer, teacherSummary.compacted.macsFraction],
    ['l2', 40, 'momentum', 1]);
  const record = json(join(out, 'sweep.json'));
  assert.deepEqual(record.trials.map((t: { name: string; settings: { teacher: string } }) => [t.name, t.settings.teacher]),
    [['distill-alpha-0', teacherDir], ['distill-alpha-0.9', teacherDir]]);
  const results = json(join(out, 'results.json'));
  const trialSeconds = results.reduce((sum: number, r: { trainSeconds: number }) => sum + r.trainSeconds, 0);
  assert.equal(record.teacher.trainSeconds, teacherSummary.trainSeconds);
  assert.ok(Math.abs(record.trainSeconds - (trialSeconds + teacherSummary.trainSeconds)) < 1e-9);
  for (const r of results) assert.equal(json(join(r.dir, 'summary.json')).config.teacher, join(teacherDir, 'model'));
  assert.match(record.command, /--teacher \S+distilled-teacher\/l2 /);
  // The teacher is the L2 reference, trained once: no second l2 run among the trials.
  assert.equal(record.baseline.name, 'l2');
  assert.ok(!existsSync(join(out, 'l2')));
  // Resumed: the teacher and the trials are kept, nothing trains again.
  const resumed = await cges([...args, '--resume']);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, /1 finished run\(s\) kept: l2/);
  assert.match(resumed.stdout, /2 finished run\(s\) kept: distill-alpha-0, distill-alpha-0\.9/);
  assert.deepEqual(json(join(teacherDir, 'summary.json')), teacherSummary);
});
