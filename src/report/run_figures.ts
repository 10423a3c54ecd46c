// The final numbers of a run that the report compares across runs: one definition for the text table,
// the HTML overview and the accuracy-vs-MACs chart.
// src/report imports src/util, src/compact/claims.ts (no TF.js), and types from src/train and src/compact, only.
import { pairSpread, type SpeedupSpread } from '../compact/claims.js';
import type { RunRecord } from './run_record.js';

/** The batch size whose inference speed-up the overview quotes (a throughput-bound batch). */
export const SPEEDUP_BATCH = 100;

/**
 * Where a run's compacted figures come from: the model `cges compact` built (compact.json), or what
 * compaction would build from the final weights (summary.json's `compacted`, for a run not compacted).
 */
export type CompactSource = 'built' | 'predicted';

export interface RunFigures {
  testAccuracy: number;
  usingParam: number;
  /** MACs per example counting only non-zero kernel weights, as a fraction of the dense count. */
  macsKept: number;
  /** The compacted model's MACs and parameters as fractions of the original's; null if neither source has them. */
  compactMacsKept: number | null;
  compactParamsKept: number | null;
  compactSource: CompactSource | null;
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

type CompactFigures = Pick<RunFigures,
  'compactMacsKept' | 'compactParamsKept' | 'compactSource' | 'compactUnchanged' | 'speedup' | 'speedupSpread'>;

function compactFigures(run: RunRecord): CompactFigures {
  const { summary, compact } = run;
  if (compact !== null) {
    const measured = compact.throughput.batches.find((entry) => entry.batch === SPEEDUP_BATCH);
    const pair = compact.unchanged ? undefined : measured;
    return {
      compactMacsKept: kept(compact.macsAfter, compact.macsBefore),
      compactParamsKept: kept(compact.paramsAfter, compact.paramsBefore),
      compactSource: 'built',
      compactUnchanged: compact.unchanged,
      speedup: pair?.speedup ?? null,
      speedupSpread: pair === undefined ? null : pairSpread(pair),
    };
  }
  const predicted = summary.compacted;
  return {
    compactMacsKept: predicted?.macsFraction ?? null,
    compactParamsKept: predicted?.paramsFraction ?? null,
    compactSource: predicted === undefined ? null : 'predicted',
    compactUnchanged: null,
    speedup: null,
    speedupSpread: null,
  };
}

export function runFigures(run: RunRecord): RunFigures {
  const { summary } = run;
  return {
    testAccuracy: summary.testAccuracy,
    usingParam: summary.usingParam,
    macsKept: summary.macs.fraction,
    ...compactFigures(run),
  };
}

/**
 * The MACs a run is compared by: the compacted model's (what dense kernels really run) when the run was
 * compacted or its summary says what compaction would give, else the non-zero count (what an ideal sparse
 * kernel would run).
 */
export function tradeoffMacs(figures: RunFigures): { kept: number; counted: CompactSource | 'nonzero' } {
  return figures.compactMacsKept === null || figures.compactSource === null
    ? { kept: figures.macsKept, counted: 'nonzero' }
    : { kept: figures.compactMacsKept, counted: figures.compactSource };
}
