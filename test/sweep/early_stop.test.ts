import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { Queue } from 'bullmq';
import { cges } from '../cli/cli_process.js';
import { rungSteps } from '../../src/sweep/early_stop.js';
import { QUEUE_NAME, redisConnection } from '../../src/sweep/queue.js';
import { startRedis } from './redis_server.js';
import { killQueueWorkers, startQueueWorker, type Watched } from './queue_workers.js';

// Three trials at one cost target, compared at step 20 of 40: with eta 3 one goes on, two stop. The L2
// reference is left out: it is the sweep test's, and here it would only add a run.
const SMALL_DATA = ['--model', 'lenet-300-100', '--train-size', '500', '--test-size', '200', '--no-baseline'];
const TINY = [...SMALL_DATA, '--test-every', '40', '--iterations', '40'];
const GRID = ['--target-macs', '0.3', '--lambda', '0.00001,0.001,0.1', '--early-stop', '--rungs', '0.5'];
const NAMES = ['lambda-0.00001', 'lambda-0.001', 'lambda-0.1'];

const tmp = mkdtempSync(join(tmpdir(), 'cges-early-stop-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

const json = (path: string) => JSON.parse(readFileSync(path, 'utf8'));
const events = (dir: string) => readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));

/** Each trial's validation accuracy at `step`, from its own log. */
function accuracyAt(runs: string, step: number): Map<string, number> {
  return new Map(NAMES.map((name) => [name, events(join(runs, name)).find((e) => e.event === 'test' && e.step === step).valAccuracy]));
}

/** The checks every early-stopped sweep of GRID passes, its run folders in `runs`. */
function checkEarlyStopped(out: string, runs: string): void {
  const record = json(join(out, 'sweep.json'));
  const atRung = accuracyAt(runs, 20);
  // The best at the rung (the first of equals, in the sweep's order) goes on; the two others stop there.
  const best = NAMES.reduce((a, b) => ((atRung.get(b) ?? 0) > (atRung.get(a) ?? 0) ? b : a));
  assert.deepEqual(record.stoppedEarly, NAMES.filter((n) => n !== best).map((name) => ({ name, step: 20, validationAccuracy: atRung.get(name) })));
  assert.deepEqual(record.earlyStop, { rungs: [0.5], eta: 3 });
  for (const { name } of record.stoppedEarly) {
    assert.ok(!existsSync(join(runs, name, 'summary.json')), `${name} stopped: no final outputs`);
    assert.equal(json(join(runs, name, 'checkpoint', 'state.json')).step, 20, `${name} kept its checkpoint at the rung`);
  }
  // The page lists the stopped trials, which have no results to show, with the step and accuracy they reached.
  const page = readFileSync(join(out, 'report.html'), 'utf8');
  for (const { name, step, validationAccuracy } of record.stoppedEarly) {
    const reason = `stopped early at step ${step} (validation accuracy ${(100 * validationAccuracy).toFixed(2)}%)`;
    assert.ok(page.includes(`<td>${name}</td><td>${reason}</td>`), `report.html lists ${name}: ${reason}`);
  }
  // Only the finished trial is a result, a candidate and the choice; it ran its whole plan.
  assert.deepEqual(json(join(out, 'results.json')).map((r: { name: string }) => r.name), [best]);
  assert.equal(record.chosen, best);
  assert.deepEqual(record.pareto, [best]);
  assert.equal(json(join(runs, best, 'summary.json')).iterations, 40);
}

test('rungs are shares of a run\'s steps, distinct, below its last step', () => {
  assert.deepEqual(rungSteps([1 / 9, 1 / 3], 3000), [333, 1000]);
  assert.deepEqual(rungSteps([0.01, 0.02, 0.5, 0.999], 40), [1, 20]);
});

test('a tiny sweep with early stopping on MNIST: the hopeless trials stop at the rung, the best one finishes and is chosen', async () => {
  const out = join(tmp, 'local');
  const run = await cges(['sweep', ...TINY, ...GRID, '--workers', '2', '--out', out]);
  assert.equal(run.code, 0, run.stderr);
  checkEarlyStopped(out, out);
  assert.match(run.stdout, /stopped early: .* at step 20 \(validation accuracy 0\.\d{4}\)/);
  // Resumed, the finished sweep runs nothing again: the stopped trials stay stopped.
  const again = await cges(['sweep', ...TINY, ...GRID, '--workers', '2', '--out', out, '--resume']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /1 finished run\(s\) kept/);
  assert.doesNotMatch(again.stdout, /reached step/);
  checkEarlyStopped(out, out);
  // Other rungs would judge the trials otherwise; a damaged record is named.
  const otherEta = await cges(['sweep', ...TINY, ...GRID, '--eta', '2', '--out', out, '--resume']);
  assert.equal(otherEta.code, 2);
  assert.match(otherEta.stderr, /^cges: .*early_stop\.json holds early stopping with eta 3 and rungs 0\.5; resume with those, or start anew with --force\n$/);
  writeFileSync(join(out, 'early_stop.json'), '{"trials": 1}');
  const damaged = await cges(['sweep', ...TINY, ...GRID, '--out', out, '--resume']);
  assert.equal(damaged.code, 2);
  assert.match(damaged.stderr, /^cges: .*early_stop\.json is not an early stopping record; start anew with --force\n$/);
});

test('early stopping\'s flags are checked before anything runs', async () => {
  const out = join(tmp, 'bad');
  const cases: [string[], RegExp][] = [
    [['--rungs', '0.5'], /^cges: --rungs and --eta go with --early-stop$/],
    [['--early-stop', '--eta', '1'], /^cges: --eta must be above 1, got "1"$/],
    [['--early-stop', '--rungs', '0.5,1'], /^cges: --rungs must be shares of --iterations in \(0, 1\), got "1"$/],
    [['--early-stop', '--rungs', '0.5,0.2'], /^cges: --rungs must rise, got "0.5,0.2"$/],
  ];
  for (const [args, pattern] of cases) {
    const run = await cges(['sweep', ...TINY, '--target-macs', '0.3', ...args, '--out', out]);
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr.trim(), pattern);
    assert.ok(!existsSync(out));
  }
});

/** A real Redis, its trial queue and `cges worker --queue` processes for `body`; all stopped after. */
async function withQueue(body: (url: string, queue: Queue, startWorker: () => Watched) => Promise<void>): Promise<void> {
  const redis = await startRedis();
  const workers: ChildProcessWithoutNullStreams[] = [];
  const queue = new Queue(QUEUE_NAME, { connection: redisConnection(redis.url) });
  try {
    await body(redis.url, queue, () => startQueueWorker(redis.url, workers));
  } finally {
    await queue.close();
    killQueueWorkers(workers);
    await redis.stop();
  }
}

test('early stopping on the BullMQ queue: each stretch between rungs is one job, the promoted trial\'s continuation another', async () => {
  await withQueue(async (url, queue, startWorker) => {
    startWorker();
    startWorker();
    const out = join(tmp, 'queued');
    const store = join(tmp, 'store');
    const run = await cges(['sweep', ...TINY, ...GRID, '--queue', url, '--store', store, '--out', out]);
    assert.equal(run.code, 0, run.stderr);
    checkEarlyStopped(out, join(store, 'queued'));
    const { chosen } = json(join(out, 'sweep.json'));
    // Three jobs to the rung, one from it to the end; each once, completed.
    assert.deepEqual(await queue.getJobCounts('completed', 'failed', 'active', 'wait'), { completed: 4, failed: 0, active: 0, wait: 0 });
    for (const name of NAMES) assert.equal((await queue.getJob(`queued.${name}#20`))?.returnvalue.paused.step, 20);
    const last = await queue.getJob(`queued.${chosen}`);
    assert.equal(last?.returnvalue.resumed, true);
    assert.equal(last?.returnvalue.result.name, chosen);
  });
});

test('a worker SIGKILLed in a stretch to a rung: another resumes the stretch from its checkpoint, it still pauses at the rung, each job once', async () => {
  await withQueue(async (url, queue, startWorker) => {
    const [a, b] = [startWorker(), startWorker()];
    const out = join(tmp, 'killed');
    const store = join(tmp, 'store');
    const spec = join(tmp, 'checkpoints.json');
    writeFileSync(spec, JSON.stringify({ grid: { 'checkpoint-every': [50] } }));
    const sweep = cges(['sweep', ...SMALL_DATA, '--iterations', '1000', '--test-every', '100', '--target-macs', '0.3',
      '--lambda', '0.00001,0.001,0.1', '--early-stop', '--rungs', '0.5', '--spec', spec, '--queue', url, '--store', store, '--out', out]);
    // Kill the first worker past step 300 of its first stretch, and note whose stretch it was.
    const { victim, trial } = await new Promise<{ victim: Watched; trial: string }>((resolve) => {
      const timer = setInterval(() => {
        const found = [a, b].map((w) => ({ w, m: /^trial (\S+) .*\n[^]*?step 300,/m.exec(w.output()) })).find(({ m }) => m !== null);
        if (found?.m == null) return;
        clearInterval(timer);
        found.w.child.kill('SIGKILL');
        resolve({ victim: found.w, trial: found.m[1] });
      }, 20);
    });
    const survivor = victim === a ? b : a;
    const run = await sweep;
    assert.equal(run.code, 0, `${run.stderr}\n${survivor.output()}`);
    const resumedAt = new RegExp(`trial ${trial} .*\\n[^]*?resuming at step (\\d+)`).exec(survivor.output());
    assert.ok(resumedAt !== null, survivor.output());
    const step = Number(resumedAt[1]);
    assert.ok(step >= 250 && step < 500 && step % 50 === 0, `resumed at ${step}`);
    // The resumed stretch still paused at the rung, where the sweep judged it with the others.
    assert.equal((await queue.getJob(`killed.${trial}#500`))?.returnvalue.paused.step, 500);
    const runs = join(store, 'killed');
    const record = json(join(out, 'sweep.json'));
    assert.equal(record.stoppedEarly.length, 2);
    for (const { name } of record.stoppedEarly) assert.equal(json(join(runs, name, 'checkpoint', 'state.json')).step, 500);
    assert.equal(json(join(runs, record.chosen, 'summary.json')).iterations, 1000);
    // Each job once (three stretches to the rung, one on to the end), and the killed trial logged nothing twice.
    assert.deepEqual(await queue.getJobCounts('completed', 'failed', 'active', 'wait'), { completed: 4, failed: 0, active: 0, wait: 0 });
    const tests = events(join(runs, trial)).filter((e) => e.event === 'test').map((e) => e.step);
    assert.deepEqual(tests, Array.from({ length: trial === record.chosen ? 10 : 5 }, (_, k) => 100 * (k + 1)));
    survivor.child.kill('SIGINT');
  });
});
