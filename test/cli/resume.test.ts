import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cges, cgesSignalled } from './cli_process.js';

// cpu, so the interrupted and the straight run are bit-for-bit comparable on any machine.
const SMALL = ['--preset', 'original', '--model', 'lenet-300-100', '--train-size', '500', '--test-size', '200', '--backend', 'cpu', '--batch-size', '10',
  '--display-every', '5', '--test-every', '20', '--checkpoint-every', '20'];

const tmp = mkdtempSync(join(tmpdir(), 'cges-resume-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

const events = (dir: string) => readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

/** Trains `args` straight into tmp/`name` and checks that the run in `out` saved the same model; returns that folder. */
async function assertSameAsStraight(out: string, args: string[], name: string): Promise<string> {
  const straightOut = join(tmp, name);
  const straight = await cges(['train', ...args, '--out', straightOut]);
  assert.equal(straight.code, 0, straight.stderr);
  for (const file of ['model.json', 'weights.bin']) {
    assert.deepEqual(readFileSync(join(out, 'model', file)), readFileSync(join(straightOut, 'model', file)), file);
  }
  return straightOut;
}

test('Ctrl-C saves a checkpoint and exits 130; --resume then ends exactly where an uninterrupted run ends', async () => {
  const out = join(tmp, 'interrupted');
  const stopped = await cgesSignalled(['train', ...SMALL, '--iterations', '100000', '--out', out], /step 10,/, 'SIGINT');
  assert.equal(stopped.code, 130, stopped.stderr);
  const match = /cges: interrupted at step (\d+); the checkpoint is in .*; continue with: cges train --resume (.*)\n$/
    .exec(stopped.stderr);
  assert.ok(match, stopped.stderr);
  const step = Number(match[1]);
  assert.equal(match[2], out);
  assert.ok(!existsSync(join(out, 'summary.json')) && !existsSync(join(out, 'model')), 'an unfinished run has no final outputs');

  const total = String(step + 7);
  const resumed = await cges(['train', '--resume', out, '--iterations', total]);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, new RegExp(`resuming at step ${step}`));
  const straightOut = join(tmp, 'straight');
  const straight = await cges(['train', ...SMALL, '--iterations', total, '--out', straightOut]);
  assert.equal(straight.code, 0, straight.stderr);

  assert.deepEqual(readFileSync(join(out, 'model', 'weights.bin')), readFileSync(join(straightOut, 'model', 'weights.bin')));
  assert.deepEqual(events(out), events(straightOut), 'the log holds each event once, as the straight run');
  assert.deepEqual(readdirSync(join(out, 'checkpoint')).sort(), ['state.json', `tensors-${total}.bin`]);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  assert.equal(summary.iterations, step + 7);
});

test('a run killed before its first checkpoint resumes from step 0 to exactly the straight run', async () => {
  const out = join(tmp, 'killed');
  // Killed as soon as it says it started: no Ctrl-C checkpoint, and the first periodic one is far away.
  const killed = await cgesSignalled(['train', ...SMALL, '--iterations', '100000', '--checkpoint-every', '100000', '--out', out],
    /cges train: /, 'SIGKILL');
  assert.notEqual(killed.code, 0);
  assert.ok(!existsSync(join(out, 'summary.json')) && !existsSync(join(out, 'model')), 'the killed run has no final outputs');
  const saved = JSON.parse(readFileSync(join(out, 'checkpoint', 'state.json'), 'utf8'));
  assert.equal(saved.step, 0, 'the settings were written with the state at step 0');
  assert.equal(saved.settings.model, 'lenet-300-100');

  const resumed = await cges(['train', '--resume', out, '--iterations', '30']);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stdout, /resuming at step 0/);
  const straightOut = join(tmp, 'killed-straight');
  const straight = await cges(['train', ...SMALL, '--iterations', '30', '--checkpoint-every', '100000', '--out', straightOut]);
  assert.equal(straight.code, 0, straight.stderr);
  assert.deepEqual(readFileSync(join(out, 'model', 'weights.bin')), readFileSync(join(straightOut, 'model', 'weights.bin')));
  assert.deepEqual(events(out), events(straightOut));
});

test('--resume refuses what would change the run, a finished run, and a folder without a checkpoint', async () => {
  const out = join(tmp, 'finished');
  const first = await cges(['train', ...SMALL, '--iterations', '5', '--out', out]);
  assert.equal(first.code, 0, first.stderr);
  const metricsBefore = readFileSync(join(out, 'metrics.jsonl'));
  const cases: [string[], RegExp][] = [
    [['--resume', out, '--lambda', '1'], /^cges: --lambda cannot be given with --resume: a resumed run keeps its saved settings\n$/],
    [['--resume', out, '--out', tmp], /^cges: --out cannot be given with --resume/],
    [['--resume', out], /^cges: the run in .*finished has already trained 5 of 5 iterations; pass a larger --iterations/],
    [['--resume', out, '--iterations', 'x'], /^cges: --iterations must be a positive integer, got "x"\n$/],
    [['--resume', join(tmp, 'nothing')], /^cges: checkpoint .*nothing.checkpoint does not exist\n$/],
  ];
  for (const [args, pattern] of cases) {
    const run = await cges(['train', ...args]);
    assert.equal(run.code, 2, args.join(' '));
    assert.match(run.stderr, pattern);
  }
  assert.deepEqual(readFileSync(join(out, 'metrics.jsonl')), metricsBefore, 'a refused resume writes nothing');
});

test('a run stopped after its last checkpoint but before its summary resumes to write it, with no step', async () => {
  const out = join(tmp, 'unsummarised');
  const first = await cges(['train', ...SMALL, '--iterations', '5', '--out', out]);
  assert.equal(first.code, 0, first.stderr);
  const summary = () => JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  const before = summary();
  const metricsBefore = readFileSync(join(out, 'metrics.jsonl'));
  rmSync(join(out, 'summary.json'));
  const resumed = await cges(['train', '--resume', out]);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.equal(summary().testAccuracy, before.testAccuracy);
  assert.equal(summary().iterations, 5);
  assert.deepEqual(readFileSync(join(out, 'metrics.jsonl')), metricsBefore, 'no step, so no event logged twice');
});

test('a diverging run stops with the step and the last checkpoint named', async () => {
  const out = join(tmp, 'diverged');
  const run = await cges(['train', ...SMALL, '--reg', 'none', '--base-lr', '1e30', '--iterations', '50',
    '--checkpoint-every', '1', '--out', out]);
  assert.equal(run.code, 2);
  const match = /^cges: training diverged at step (\d+): the loss is (NaN|Infinity); lower the learning rate or lambda; the checkpoint in .* holds step (\d+)\n$/
    .exec(run.stderr);
  assert.ok(match, run.stderr);
  assert.equal(Number(match[3]), Number(match[1]) - 1);
});

test('a run under a cost target, stopped after it shrank, resumes to exactly the run that never stopped', async () => {
  // The small preset: a target, masks, fine-tuning and shrinking; the same --iterations, since a target's plan depends on it.
  const args = ['--model', 'lenet-300-100', '--train-size', '500', '--test-size', '200', '--backend', 'cpu', '--batch-size', '10',
    '--display-every', '5', '--test-every', '20', '--checkpoint-every', '1000', '--target-params', '0.3', '--iterations', '400'];
  const out = join(tmp, 'shrunk-interrupted');
  const stopped = await cgesSignalled(['train', ...args, '--out', out], /training on the compacted model/, 'SIGINT');
  assert.equal(stopped.code, 130, stopped.stderr);
  const state = JSON.parse(readFileSync(join(out, 'checkpoint', 'state.json'), 'utf8'));
  assert.ok(state.topology !== undefined && state.control.shrinkSteps.length > 0, 'the checkpoint was taken after a shrink');
  const resumed = await cges(['train', '--resume', out]);
  assert.equal(resumed.code, 0, resumed.stderr);
  const straightOut = await assertSameAsStraight(out, args, 'shrunk-straight');
  assert.deepEqual(events(out), events(straightOut));
});

test('--pause-at stops at that step with a checkpoint; resumed, twice, the run ends exactly as one that never paused', async () => {
  // Under a cost target, whose plan depends on --iterations: a paused run keeps the whole run's plan.
  const args = ['--model', 'lenet-300-100', '--train-size', '500', '--test-size', '200', '--backend', 'cpu', '--batch-size', '10',
    '--val-split', '20', '--display-every', '5', '--test-every', '20', '--target-params', '0.3', '--iterations', '60'];
  const out = join(tmp, 'paused');
  const first = await cges(['train', ...args, '--pause-at', '25', '--out', out]);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /paused at step 25, validation accuracy 0\.\d{4}; .*continue with: cges train --resume /);
  assert.ok(!existsSync(join(out, 'summary.json')) && !existsSync(join(out, 'model')), 'a paused run has no final outputs');
  assert.equal(JSON.parse(readFileSync(join(out, 'checkpoint', 'state.json'), 'utf8')).step, 25);
  const second = await cges(['train', '--resume', out, '--pause-at', '45']);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /resuming at step 25/);
  const last = await cges(['train', '--resume', out]);
  assert.equal(last.code, 0, last.stderr);
  const straightOut = await assertSameAsStraight(out, args, 'never-paused');
  // The log is the straight run's with one test event more at each pause, which measured the validation set only.
  const log = events(out);
  const pauses = log.filter((e) => e.event === 'test' && (e.step === 25 || e.step === 45));
  assert.deepEqual(pauses.map((e) => [e.step, e.testAccuracy, typeof e.valAccuracy]), [[25, null, 'number'], [45, null, 'number']]);
  assert.deepEqual(log.filter((e) => !pauses.includes(e)), events(straightOut));
});

test('--pause-at at or past the last step is refused before anything is written', async () => {
  const out = join(tmp, 'pause-late');
  const run = await cges(['train', ...SMALL, '--iterations', '20', '--pause-at', '20', '--out', out]);
  assert.equal(run.code, 2);
  assert.equal(run.stderr, 'cges: --pause-at must be below --iterations (20), got 20\n');
  assert.ok(!existsSync(out));
});
