// Training samples per second of each network on each TF.js backend, and on onednn the share of the
// step spent in the CGES proximal step.
import { selectBackend } from '../src/backend/select_backend.js';
import type { BenchBackend } from './bench_options.js';
import { budgetedMedianMs, medianMs, type Budget } from './timing.js';
import { BATCH_SIZE, makeTrainingWorkload, type TrainingWorkload } from './training_workload.js';

export interface ThroughputResult {
  backend: BenchBackend;
  network: string;
  /** 100, or PROBE_BATCH_SIZE where a step of 100 would take longer than the slow-step limit. */
  batchSize: number;
  samplesPerS: number;
  stepMs: number;
  /** Timed steps behind the median (after warm-up). */
  timedSteps: number;
  /** The prox step alone, measured on onednn only. */
  proxMs?: number;
  proxShare?: number;
}

export interface BackendStatus {
  backend: BenchBackend;
  available: boolean;
  reason?: string;
}

// cpu and wasm are a hundred (dense) to a thousand (conv: the cpu Conv2DBackpropFilter) times slower.
// Before timing them at a batch of 100 the bench predicts that step's time from steps at 1 and 10,
// since a step costs a fixed part (the weights: SGD, prox) plus a part per sample. When the prediction
// exceeds the limit, the batch-10 step is reported instead (marked; it undercounts where the fixed part
// is large).
export const PROBE_BATCH_SIZE = 10;
const SLOW_STEP_LIMIT_MS = { full: 20_000, quick: 5_000 };

function stepBudget(backend: BenchBackend, quick: boolean): Budget {
  if (backend === 'onednn') return { budgetMs: quick ? 1000 : 4000, maxRepeats: 7, minRepeatMs: 200 };
  // One warm-up step, then one to three timed steps.
  return { budgetMs: quick ? 0 : 12_000, maxRepeats: 3, minRepeatMs: 0 };
}

const PROX_BUDGET: Budget = { budgetMs: 1000, maxRepeats: 7, minRepeatMs: 50 };

/** Makes backend current; returns why not when it is not available here. */
export async function useBackend(backend: BenchBackend, threads: number): Promise<BackendStatus> {
  try {
    // Only oneDNN takes a thread count: the cpu backend has one thread, and wasm is single-threaded in Node.
    await selectBackend(backend, backend === 'onednn' ? { threads } : {});
    return { backend, available: true };
  } catch (error) {
    return { backend, available: false, reason: (error as Error).message };
  }
}

function withWorkload<T>(network: string, batchSize: number, fn: (workload: TrainingWorkload) => T): T {
  const workload = makeTrainingWorkload(network, batchSize);
  try {
    return fn(workload);
  } finally {
    workload.dispose();
  }
}

/** The result of timed steps (and on onednn, of the prox step alone) of one workload. */
function throughputResult(backend: BenchBackend, network: string, batchSize: number, workload: TrainingWorkload,
  step: { ms: number; calls: number }): ThroughputResult {
  const result: ThroughputResult = {
    backend, network, batchSize, samplesPerS: (batchSize * 1000) / step.ms, stepMs: step.ms, timedSteps: step.calls,
  };
  if (backend === 'onednn') {
    result.proxMs = budgetedMedianMs(() => workload.prox(), PROX_BUDGET).ms;
    result.proxShare = result.proxMs / step.ms;
  }
  return result;
}

/** The first step of a fresh workload at this batch, timed; the caller disposes the workload. */
function timedFirstStep(network: string, batchSize: number): { ms: number; workload: TrainingWorkload } {
  const workload = makeTrainingWorkload(network, batchSize);
  return { ms: medianMs(() => workload.step(), { warmup: 0, repeats: 1, inner: 1 }), workload };
}

/** cpu and wasm: batch 100 when its predicted step fits the limit, else the probe's batch-10 step. */
function measureSlowBackend(backend: BenchBackend, network: string, quick: boolean): ThroughputResult {
  // Warm-up: the first step on a backend pays for kernel set-up and JIT compilation.
  withWorkload(network, 1, (warmup) => warmup.step());
  const single = timedFirstStep(network, 1);
  single.workload.dispose();
  const probe = timedFirstStep(network, PROBE_BATCH_SIZE);
  try {
    const perSampleMs = Math.max(0, probe.ms - single.ms) / (PROBE_BATCH_SIZE - 1);
    const predictedMs = probe.ms + (BATCH_SIZE - PROBE_BATCH_SIZE) * perSampleMs;
    if (predictedMs > (quick ? SLOW_STEP_LIMIT_MS.quick : SLOW_STEP_LIMIT_MS.full)) {
      return throughputResult(backend, network, PROBE_BATCH_SIZE, probe.workload, { ms: probe.ms, calls: 1 });
    }
  } finally {
    probe.workload.dispose();
  }
  return measureAtFullBatch(backend, network, quick);
}

function measureAtFullBatch(backend: BenchBackend, network: string, quick: boolean): ThroughputResult {
  return withWorkload(network, BATCH_SIZE, (workload) => throughputResult(backend, network, BATCH_SIZE, workload,
    budgetedMedianMs(() => workload.step(), stepBudget(backend, quick))));
}

/** Times one network on the current backend, which must be `backend`. */
export function measureNetwork(backend: BenchBackend, network: string, quick: boolean): ThroughputResult {
  return backend === 'onednn' ? measureAtFullBatch(backend, network, quick) : measureSlowBackend(backend, network, quick);
}
