// Everything one run of `npm run bench` measured; written as JSON to bench/results/latest.json.
import type { AnyModelResult } from './any_model_throughput.js';
import type { BrowserBenchResult } from './browser/browser_bench.js';
import type { KernelGflopsResult } from './kernel_gflops.js';
import type { LeakCheckResult } from './leak_check.js';
import type { PytorchResults } from './pytorch_reference.js';
import type { FitComparison } from './fit_vs_loop.js';
import type { OpProfile } from './op_profile.js';
import type { ShrinkSavingResult } from './shrink_saving.js';
import type { DataShareResult } from './data_share.js';
import type { BackendStatus, ThroughputResult } from './training_throughput.js';

export interface BenchEnvironment {
  date: string;
  node: string;
  cpus: string;
  threads: number;
  onednn?: string;
  /** 1-minute load average at the start: above the thread count, other work shared the cores. */
  loadAverage: number;
}

export interface BenchResults {
  environment: BenchEnvironment;
  backends: BackendStatus[];
  throughput: ThroughputResult[];
  pytorch?: PytorchResults;
  /** resnet and mobilenet on onednn with and without the layer kernels, and PyTorch, in alternating rounds. */
  anyModel?: AnyModelResult[];
  kernels?: KernelGflopsResult[];
  leakCheck?: LeakCheckResult;
  shrinkSaving?: ShrinkSavingResult;
  profiles?: OpProfile[];
  browser?: BrowserBenchResult;
  fitVsLoop?: FitComparison;
  dataShare?: DataShareResult;
}

/** The speed targets, checked against a run's numbers. */
export const TARGETS = {
  /** onednn samples/s over PyTorch's, on every network. */
  minRatioToPytorch: 2.0,
  /** onednn samples/s over PyTorch's on resnet and mobilenet. */
  minAnyModelRatioToPytorch: 1.5,
  /** The seed-mnist step over the sum of its kernels' addon times. */
  maxStepOverKernels: 1.5,
  /** The prox step's share of the seed-mnist step on onednn. */
  maxProxShare: 0.03,
  /** model.fit + CgesCallback's step over cges's own loop's, with either SGD. */
  maxFitOverLoop: 1.25,
  proxShareNetwork: 'seed-mnist',
} as const;
