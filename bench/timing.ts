// Timing helpers of the benchmarks: a monotonic clock, warm-up, and the median of timed repeats.
import { performance } from 'node:perf_hooks';

export interface TimingPlan {
  /** Untimed calls first, so caches, primitives and JIT are warm. */
  warmup: number;
  /** Timed repeats; the result is their median, which shrugs off a repeat disturbed by other load. */
  repeats: number;
  /** Calls per repeat; a repeat's time is their mean, so very short calls are not all clock noise. */
  inner: number;
}

/** Median over repeats of the mean milliseconds per call of fn. */
export function medianMs(fn: () => void, plan: TimingPlan): number {
  for (let i = 0; i < plan.warmup; i++) fn();
  const perCall: number[] = [];
  for (let r = 0; r < plan.repeats; r++) {
    const start = performance.now();
    for (let i = 0; i < plan.inner; i++) fn();
    perCall.push((performance.now() - start) / plan.inner);
  }
  return median(perCall);
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface Budget {
  /** Rough wall time to spend on the timed repeats, in milliseconds. */
  budgetMs: number;
  maxRepeats: number;
  /** A repeat lasts at least this long (more calls per repeat) so fast calls are not clock noise. */
  minRepeatMs: number;
}

/**
 * medianMs with a plan fitted to fn's speed: one warm-up call measures it, then as many repeats as fit
 * the budget (at least one, at most maxRepeats). Slow backends get a single timed call; fast ones many.
 */
export function budgetedMedianMs(fn: () => void, budget: Budget): { ms: number; calls: number } {
  const start = performance.now();
  fn();
  const estimate = Math.max(performance.now() - start, 1e-3);
  const inner = Math.max(1, Math.ceil(budget.minRepeatMs / estimate));
  const repeats = Math.min(budget.maxRepeats, Math.max(1, Math.floor(budget.budgetMs / (inner * estimate))));
  // A fast call gets a second warm-up pass, since its first call also paid for primitive creation.
  const warmup = estimate * 10 < budget.budgetMs ? inner : 0;
  return { ms: medianMs(fn, { warmup, repeats, inner }), calls: repeats * inner };
}
