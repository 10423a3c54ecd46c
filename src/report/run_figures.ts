// The final numbers of a run that the report compares across runs: one definition for the text table,
// the HTML overview and the accuracy-vs-MACs chart.
// src/report imports src/util, and types from src/train and src/compact, only.
import type { RunRecord } from './run_record.js';

/** The batch size whose inference speed-up the overview quotes (a throughput-bound batch). */
export const SPEEDUP_BATCH = 100;

export interface RunFigures {
  testAccuracy: number;
  usingParam: number;
  /** MACs per example counting only non-zero kernel weights, as a fraction of the dense count. */
  macsKept: number;
  /** The compacted model's MACs and parameters as fractions of the original's; null if not compacted. */
  compactMacsKept: number | null;
  compactParamsKept: number | null;
  /** Compacted over original examples/s at SPEEDUP_BATCH; null if not compacted or not measured there. */
  speedup: number | null;
}

/** part / whole; a whole of 0 (nothing to keep) counts as all kept. */
function kept(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}

export function runFigures(run: RunRecord): RunFigures {
  const { summary, compact } = run;
  const pair = compact?.throughput.batches.find((entry) => entry.batch === SPEEDUP_BATCH);
  return {
    testAccuracy: summary.testAccuracy,
    usingParam: summary.usingParam,
    macsKept: summary.macs.fraction,
    compactMacsKept: compact === null ? null : kept(compact.macsAfter, compact.macsBefore),
    compactParamsKept: compact === null ? null : kept(compact.paramsAfter, compact.paramsBefore),
    speedup: pair?.speedup ?? null,
  };
}

/**
 * The MACs a run is compared by: the compacted model's (what dense kernels really run) when the run was
 * compacted, else the non-zero count (what an ideal sparse kernel would run).
 */
export function tradeoffMacs(figures: RunFigures): { kept: number; compacted: boolean } {
  return figures.compactMacsKept === null
    ? { kept: figures.macsKept, compacted: false }
    : { kept: figures.compactMacsKept, compacted: true };
}
