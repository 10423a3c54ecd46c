// Fuzzes every data reader: for each format, N mutated data sets (default 500), each run in a child
// process with a time limit. A case fails when it throws anything but a one-line CgesError naming the
// file, loads inconsistently, crashes the process or takes longer than the limit; failures are listed at
// the end with the command that reproduces each. Exits 1 on any failure.
//   node scripts/fuzz_data.mjs [--cases N] [--format F] [--seed S] [--timeout-ms T]
import { fork } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '500' },
    format: { type: 'string' },
    seed: { type: 'string' },
    'timeout-ms': { type: 'string', default: '5000' },
  },
});
const FORMATS = ['idx', 'cifar10', 'cifar100', 'npy', 'csv', 'image-folder'];
const formats = values.format === undefined ? FORMATS : [values.format];
if (!formats.every((format) => FORMATS.includes(format))) {
  console.error(`fuzz: --format must be one of ${FORMATS.join(', ')}`);
  process.exit(2);
}
const seeds = values.seed !== undefined ? [Number(values.seed)] : Array.from({ length: Number(values.cases) }, (_, i) => i + 1);
const timeoutMs = Number(values['timeout-ms']);

let child;
function startChild() {
  child = fork(new URL('../test/data/fuzz_worker.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/** Runs one case; resolves with its result, or a failure for a hang or a crash (restarting the child). */
function runCase(format, seed) {
  return new Promise((resolve) => {
    const done = (result) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(result);
    };
    const onMessage = (result) => done(result);
    const onExit = (code, signal) => {
      done({ format, seed, mutation: '?', outcome: 'failed', detail: `the process died (exit ${code}, signal ${signal})` });
      startChild();
    };
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      child.kill('SIGKILL');
      done({ format, seed, mutation: '?', outcome: 'failed', detail: `no answer within ${timeoutMs} ms (hang)` });
      startChild();
    }, timeoutMs);
    child.on('message', onMessage);
    child.on('exit', onExit);
    child.send({ format, seed });
  });
}

const started = performance.now();
startChild();
const failures = [];
for (const format of formats) {
  const counts = { loaded: 0, refused: 0, failed: 0 };
  const mutations = new Map();
  const formatStart = performance.now();
  for (const seed of seeds) {
    const result = await runCase(format, seed);
    counts[result.outcome]++;
    mutations.set(result.mutation, (mutations.get(result.mutation) ?? 0) + 1);
    if (result.outcome === 'failed') failures.push(result);
    if (values.seed !== undefined) console.log(`${format} seed ${seed} (${result.mutation}): ${result.outcome}: ${result.detail}`);
  }
  const seconds = ((performance.now() - formatStart) / 1000).toFixed(1);
  const byMutation = [...mutations].sort().map(([name, n]) => `${name} ${n}`).join(', ');
  console.log(`${format}: ${seeds.length} cases in ${seconds} s: ${counts.loaded} loaded, ${counts.refused} refused, ${counts.failed} failed (${byMutation})`);
}
child.disconnect();
const total = formats.length * seeds.length;
console.log(`fuzz: ${total} cases in ${((performance.now() - started) / 1000).toFixed(1)} s`);
for (const failure of failures) {
  console.log(`FAILED ${failure.format} seed ${failure.seed} (${failure.mutation}): ${failure.detail}`);
  console.log(`  reproduce: npm run fuzz -- --format ${failure.format} --seed ${failure.seed}`);
}
// A case passes when it loads consistently or is refused with a one-line CgesError.
console.log(`fuzz: ${total - failures.length} passed, ${failures.length} failed`);
process.exit(failures.length > 0 ? 1 : 0);
