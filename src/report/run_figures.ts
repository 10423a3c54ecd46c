// The final numbers of a run that the report compares across runs: one definition for the text table,
// the HTML overview and the accuracy-vs-MACs chart.
// src/report imports src/util, src/compact/claims.ts (no TF.js), and types from src/train and src/compact, only.
import { pairSpread, type SpeedupSpread } from '../compact/claims.js';
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
  /** Compaction removed nothing, so no speed-up is claimed; null if not compacted. */
  compactUnchanged: boolean | null;
  /**
   * Compacted over original examples/s at SPEEDUP_BATCH (best rounds); null if not compacted, not measured
   * there, or unchanged (the ratio would be noise).
   */
  speedup: number | null;
  /** The range of the per-round ratios behind `speedup`; null without rounds. */
  speedupSpread: SpeedupSpread | null;
}

/** part / whole; a whole of 0 (nothing to keep) counts as all kept. */
function kept(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}

export function runFigures(run: RunRecord): RunFigures {
  const { summary, compact } = run;
  const measured = compact?.throughput.batches.find((entry) => entry.batch === SPEEDUP_BATCH);
  const pair = compact?.unchanged ? undefined : measured;
  return {
    testAccuracy: summary.testAccuracy,
    usingParam: summary.usingParam,
    macsKept: summary.macs.fraction,
    compactMacsKept: compact === null ? null : kept(compact.macsAfter, compact.macsBefore),
    compactParamsKept: compact === null ? null : kept(compact.paramsAfter, compact.paramsBefore),
    compactUnchanged: compact === null ? null : compact.unchanged,
    speedup: pair?.speedup ?? null,
    speedupSpread: pair === undefined ? null : pairSpread(pair),
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
