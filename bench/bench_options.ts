// The command line of `npm run bench`: which networks and backends to time, and how long to run.
import { Command, InvalidArgumentError } from 'commander';

export const BENCH_NETWORKS = ['seed-mnist', 'lenet5', 'lenet-300-100'] as const;
export const BENCH_BACKENDS = ['onednn', 'wasm', 'cpu'] as const;
/** The built-in networks of today's kind, src/models/resnet.ts and mobilenet.ts (BatchNorm, residual adds, depthwise convolutions). */
export const ANY_MODEL_BENCH_NETWORKS = ['resnet', 'mobilenet'] as const;
export type BenchBackend = (typeof BENCH_BACKENDS)[number];

export interface BenchOptions {
  networks: string[];
  /** Networks of ANY_MODEL_BENCH_NETWORKS to time on onednn with and without the layer kernels (none: []). */
  anyModel: string[];
  /** Also time those networks with the layer kernels withdrawn (slow: the cpu backend's depthwise kernels). */
  withoutLayerKernels: boolean;
  backends: BenchBackend[];
  /** Fewer repeats everywhere, for a smoke run. */
  quick: boolean;
  /** Training steps of the leak check (2,000 with --soak). */
  leakSteps: number;
  threads: number;
  pytorch: boolean;
  kernels: boolean;
  /** Also time seed-mnist under a cost target with and without shrinking while training. */
  shrink: boolean;
  /** Also print each network's step op by op (op_profile.ts). */
  profile: boolean;
  /** Also time model.fit + CgesCallback against the own loop (fit_vs_loop.ts). */
  fit: boolean;
  /** Also time drawing a CIFAR-shaped batch against a VGG-style step (data_share.ts). */
  dataShare: boolean;
  /** Also time dense and compacted models in headless Chromium on wasm beside Node (browser/browser_bench.ts). */
  browser: boolean;
  /** `cges train --compact --no-shrink` run folders whose models the browser bench uses. */
  browserModels: string[];
  out: string;
}

function listOf<T extends string>(valid: readonly T[], what: string) {
  return (value: string): T[] => {
    const items = value.split(',').map((item) => item.trim()).filter((item) => item !== '');
    for (const item of items) {
      if (!(valid as readonly string[]).includes(item)) {
        throw new InvalidArgumentError(`unknown ${what} "${item}"; valid: ${valid.join(', ')}`);
      }
    }
    return valid.filter((candidate) => items.includes(candidate));
  };
}

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
}

export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const program = new Command('bench')
    .description('Training throughput (onednn, wasm, cpu, PyTorch), prox share, kernel GFLOPS and a leak check.')
    .option('--networks <list>', 'comma-separated networks', listOf(BENCH_NETWORKS, 'network'), [...BENCH_NETWORKS])
    .option('--any-model <list>', 'comma-separated networks with BatchNorm, residual adds and depthwise convolutions',
      listOf(ANY_MODEL_BENCH_NETWORKS, 'network'), [...ANY_MODEL_BENCH_NETWORKS])
    .option('--no-any-model', 'skip those networks')
    .option('--no-without-layer-kernels', 'time those networks with the layer kernels only, not also without them')
    .option('--backends <list>', 'comma-separated TF.js backends', listOf(BENCH_BACKENDS, 'backend'), [...BENCH_BACKENDS])
    .option('--quick', 'fewer repeats, for a smoke run', false)
    .option('--soak', 'run the leak check for 2,000 steps', false)
    .option('--leak-steps <n>', 'steps of the leak check (default 300, 2000 with --soak)', positiveInteger)
    .option('--threads <n>', 'threads for oneDNN and PyTorch', positiveInteger, 2)
    .option('--no-pytorch', 'skip the PyTorch reference')
    .option('--no-kernels', 'skip the per-kernel GFLOPS table')
    .option('--profile', 'also print where each network\'s step time goes, kernel by kernel, on onednn', false)
    .option('--fit', 'also time seed-mnist\'s step through model.fit + CgesCallback against cges\'s own loop', false)
    .option('--shrink', 'also train seed-mnist under npm start\'s target with and without shrinking while training ' +
      '(2,000 steps each; 300 with --quick)', false)
    .option('--data-share', 'also time drawing a batch of 100 CIFAR-shaped examples (plain and augmented) against ' +
      'a VGG-style training step', false)
    .option('--browser', 'also time dense and compacted seed-mnist and lenet5 inference in headless Chromium (wasm) ' +
      'beside Node', false)
    .option('--browser-models <dirs...>', 'with --browser: `cges train --compact --no-shrink` run folders to use ' +
      'instead of models pruned by hand from their initial weights', [])
    .option('--out <file>', 'where to write the results as JSON', 'bench/results/latest.json')
    .parse([...argv], { from: 'user' });
  const raw = program.opts<{
    networks: string[]; anyModel: string[] | false; withoutLayerKernels: boolean; backends: BenchBackend[]; quick: boolean; soak: boolean; leakSteps?: number;
    threads: number; pytorch: boolean; kernels: boolean; shrink: boolean; profile: boolean; fit: boolean; out: string;
    dataShare: boolean;
    browser: boolean; browserModels: string[];
  }>();
  const defaultLeakSteps = raw.soak ? 2000 : raw.quick ? 100 : 300;
  return {
    networks: raw.networks,
    anyModel: raw.anyModel === false ? [] : raw.anyModel,
    withoutLayerKernels: raw.withoutLayerKernels,
    backends: raw.backends,
    quick: raw.quick,
    leakSteps: raw.leakSteps ?? defaultLeakSteps,
    threads: raw.threads,
    pytorch: raw.pytorch,
    kernels: raw.kernels,
    shrink: raw.shrink,
    profile: raw.profile,
    fit: raw.fit,
    dataShare: raw.dataShare,
    browser: raw.browser || raw.browserModels.length > 0,
    browserModels: raw.browserModels,
    out: raw.out,
  };
}
