import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { Queue } from 'bullmq';
import { cges } from '../cli/cli_process.js';
import { QUEUE_NAME, redisConnection } from '../../src/sweep/queue.js';
import { startRedis, type RedisServer } from './redis_server.js';
import { killQueueWorkers, startQueueWorker, type Watched } from './queue_workers.js';

const TINY = ['--model', 'lenet-300-100', '--train-size', '500', '--test-size', '200', '--test-every', '100'];

const tmp = mkdtempSync(join(tmpdir(), 'cges-queue-'));
let redis: RedisServer;
const workers: ChildProcessWithoutNullStreams[] = [];
test.before(async () => {
  redis = await startRedis();
});
test.after(async () => {
  killQueueWorkers(workers);
  await redis.stop();
  rmSync(tmp, { recursive: true, force: true });
});

const startWorker = () => startQueueWorker(redis.url, workers);

test('two workers on a real Redis, one SIGKILLed mid-trial: the compare completes, each trial recorded once, the killed one resumed from its checkpoint', async () => {
  const [a, b] = [startWorker(), startWorker()];
  const out = join(tmp, 'killed');
  const store = join(tmp, 'store');
  const compare = cges(['compare', ...TINY, '--iterations', '20', '--regs', 'l2,cges:iterations=1500:checkpoint-every=50',
    '--queue', redis.url, '--store', store, '--out', out]);
  // Kill whichever worker took the long trial once it is past a few checkpoints.
  const victim = await new Promise<Watched>((resolve) => {
    const timer = setInterval(() => {
      const found = [a, b].find((w) => /trial cges .*\n[\s\S]*step 300,/.test(w.output()));
      if (found === undefined) return;
      clearInterval(timer);
      found.child.kill('SIGKILL');
      resolve(found);
    }, 20);
  });
  const survivor = victim === a ? b : a;
  const run = await compare;
  assert.equal(run.code, 0, `${run.stderr}\n${survivor.output()}`);
  assert.match(run.stdout, /finished cges \(resumed from its checkpoint\)/);
  const resumedAt = /resuming at step (\d+)/.exec(survivor.output());
  assert.ok(resumedAt !== null, survivor.output());
  const step = Number(resumedAt[1]);
  // The kill came at step 300's log line, before or after its checkpoint.
  assert.ok(step >= 250 && step % 50 === 0, `resumed at ${step}`);

  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
  assert.deepEqual(results.map((r: { name: string }) => r.name), ['l2', 'cges']);
  const runDir = join(store, 'killed', 'cges');
  assert.equal(JSON.parse(readFileSync(join(runDir, 'summary.json'), 'utf8')).iterations, 1500);
  // Nothing logged twice: the resumed run dropped the events after its checkpoint before logging them again.
  const steps = readFileSync(join(runDir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line))
    .filter((event) => event.event === 'test').map((event) => event.step);
  assert.deepEqual(steps, Array.from({ length: 15 }, (_, k) => 100 * (k + 1)));

  // Redis holds each trial's job once, completed, with its result.
  const queue = new Queue(QUEUE_NAME, { connection: redisConnection(redis.url) });
  try {
    const counts = await queue.getJobCounts('completed', 'failed', 'active', 'wait');
    assert.deepEqual(counts, { completed: 2, failed: 0, active: 0, wait: 0 });
    const job = await queue.getJob('killed.cges');
    assert.equal(job?.returnvalue.resumed, true);
    assert.equal(job?.returnvalue.result.testAccuracy, results[1].testAccuracy);
  } finally {
    await queue.close();
  }
  survivor.child.kill('SIGINT');
});

test('a sweep with --distill on the queue: the teacher trains once in the store, and the trials distil from it there', async () => {
  const worker = startWorker();
  const out = join(tmp, 'taught');
  const store = join(tmp, 'store');
  const run = await cges(['sweep', ...TINY, '--iterations', '20', '--target-macs', '0.3', '--distill',
    '--queue', redis.url, '--store', store, '--out', out]);
  assert.equal(run.code, 0, `${run.stderr}\n${worker.output()}`);
  const teacherRun = join(store, 'taught-teacher', 'l2');
  const summary = (dir: string) => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
  assert.equal(summary(teacherRun).config.reg, 'l2');
  // One grid value names its one trial "trial".
  assert.deepEqual(readdirSync(join(store, 'taught')), ['trial']);
  assert.equal(summary(join(store, 'taught', 'trial')).config.teacher, join(teacherRun, 'model'));
  const record = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8'));
  assert.equal(record.teacher.dir, teacherRun);
  const queue = new Queue(QUEUE_NAME, { connection: redisConnection(redis.url) });
  try {
    assert.ok((await queue.getJob('taught-teacher.l2'))?.finishedOn !== undefined, 'the teacher ran as a job');
    assert.equal((await queue.getJob('taught.trial'))?.returnvalue.result.name, 'trial');
  } finally {
    await queue.close();
  }
  worker.child.kill('SIGINT');
});

test('a queue that cannot be reached, or half the queue flags, is one line', async () => {
  const cases: [string[], RegExp][] = [
    [['--queue', 'http://x', '--store', tmp], /^cges: --queue must be redis:\/\/HOST:PORT, got "http:\/\/x"$/],
    [['--queue', redis.url], /^cges: --queue and --store go together/],
    [['--queue', 'redis://127.0.0.1:1', '--store', join(tmp, 'unreached-store')], /^cges: cannot reach Redis at redis:\/\/127\.0\.0\.1:1: ECONNREFUSED$/],
  ];
  for (const [args, pattern] of cases) {
    const run = await cges(['compare', ...TINY, '--iterations', '20', '--regs', 'l2', ...args, '--out', join(tmp, 'unreached')]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr.trim(), pattern);
    assert.ok(!existsSync(join(tmp, 'unreached')) && !existsSync(join(tmp, 'unreached-store')), 'nothing written');
  }
});
