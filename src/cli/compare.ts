// `cges compare`: the same model, data, budget and seed under several regularisers (src/sweep/compare.ts),
// run by local worker processes; one table row per run, and results.json, results.csv, report.html in --out.
import type { Command } from 'commander';
import { compare, DEFAULT_COMPARE_ITERATIONS, DEFAULT_COMPARE_RUNS, parseCompareRuns } from '../sweep/compare.js';
import { defaultWorkers } from '../sweep/local_pool.js';
import { redisConnection } from '../sweep/queue.js';
import type { TrialSettings } from '../sweep/trial.js';
import { CgesError } from '../util/errors.js';
import { parsePositiveInteger } from './flags.js';
import { SCHEDULE_FLAG_HELP } from './schedule_flags.js';
import { checkTrial } from './trial_check.js';

/** Train flags every run of a compare or sweep shares, as the commands take them. */
export const SHARED_TRAIN_FLAGS = [
  ['model', 'seed-mnist | lenet-300-100 | lenet5 | resnet | mobilenet | vgg, or a TF.js layers model (default seed-mnist)'],
  ['data', 'the data, as cges train --data takes it (default: MNIST)'],
  ['iterations', 'training steps per run'],
  ['batch-size', 'examples per step (model default)'],
  ...Object.entries(SCHEDULE_FLAG_HELP),
  ['seed', 'seed of every run (default 1)'],
  ['train-size', 'training examples, the first n'],
  ['test-size', 'test examples, the first n'],
  ['test-every', 'steps between test evaluations'],
  ['backend', 'onednn | wasm | cpu (default: the fastest available)'],
] as const;

export interface FanOutFlags {
  out?: string;
  workers?: string;
  threads?: string;
  queue?: string;
  store?: string;
  resume?: boolean;
  force?: boolean;
}

/** The shared flags given, as trial settings. */
export function sharedSettings(flags: Record<string, unknown>): TrialSettings {
  const settings: TrialSettings = {};
  for (const [name] of SHARED_TRAIN_FLAGS) {
    const value = flags[name.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase())];
    if (typeof value === 'string') settings[name] = value;
  }
  return settings;
}

export function addSharedTrainOptions(command: Command): Command {
  for (const [name, help] of SHARED_TRAIN_FLAGS) command.option(`--${name} <value>`, help);
  return command
    .option('--out <dir>', 'the folder of the runs and results (required)')
    .option('--workers <n>', `local worker processes, one thread each (default: the cores, here ${defaultWorkers()})`)
    .option('--threads <n>', 'onednn threads of each local worker (default 1)')
    .option('--queue <url>', 'redis://HOST:PORT: the runs become BullMQ jobs that cges worker --queue takes, on any machine')
    .option('--store <dir>', 'with --queue: the folder every worker reaches, where the run folders go (required)')
    .option('--resume', 'keep the finished runs in --out and continue the others')
    .option('--force', 'replace the runs in --out');
}

export function fanOutOptions(flags: FanOutFlags) {
  if (flags.out === undefined) throw new CgesError('--out is required');
  const workers = flags.workers === undefined ? undefined : parsePositiveInteger('--workers', flags.workers);
  const threads = flags.threads === undefined ? undefined : parsePositiveInteger('--threads', flags.threads);
  if (flags.resume && flags.force) throw new CgesError('--resume keeps the runs in --out and --force replaces them; give one');
  if ((flags.queue === undefined) !== (flags.store === undefined)) {
    throw new CgesError('--queue and --store go together: the queue\'s workers write the runs to the store');
  }
  if (flags.queue !== undefined && (workers !== undefined || threads !== undefined)) {
    throw new CgesError('--workers and --threads are for local runs; with --queue, give them to cges worker --queue');
  }
  if (flags.queue !== undefined) redisConnection(flags.queue);
  const queue = flags.queue === undefined || flags.store === undefined ? undefined : { url: flags.queue, store: flags.store };
  return { out: flags.out, workers, threads, queue, resume: flags.resume ?? false, force: flags.force ?? false, check: checkTrial };
}

/** Throws once the runs that did not finish are listed; the finished ones are already written. */
export function failIfUnfinished(run: { failed: { name: string }[]; interrupted: boolean }, total: number): void {
  const { failed, interrupted } = run;
  if (failed.length === 0) return;
  const again = ['cges', ...process.argv.slice(2).filter((arg) => arg !== '--force' && arg !== '--resume'), '--resume'];
  throw new CgesError(`${interrupted ? 'interrupted: ' : ''}${failed.length} of ${total} runs did not finish ` +
    `(${failed.map((f) => f.name).join(', ')}); the finished ones are kept; continue with: ${again.join(' ')}`,
  interrupted ? 130 : 2);
}

export function addCompareCommand(program: Command): Command {
  const command = program.command('compare')
    .description('train the same model on the same data and budget with several regularisers, and compare them')
    .option('--regs <list>', `runs, comma-separated, each with its own settings after colons, e.g. ` +
      `"l2,cges:lambda=1e-4,cges-target:target-macs=0.1" (default ${DEFAULT_COMPARE_RUNS.join(',')})`);
  return addSharedTrainOptions(command)
    .action(async (flags: FanOutFlags & { regs?: string } & Record<string, unknown>) => {
      const options = fanOutOptions(flags);
      const common = { iterations: String(DEFAULT_COMPARE_ITERATIONS), ...sharedSettings(flags) };
      const runs = parseCompareRuns(flags.regs ?? DEFAULT_COMPARE_RUNS.join(','), common);
      failIfUnfinished(await compare({ ...options, runs, common }), runs.length);
    });
}
