// The rows each chart plots, one flat record per mark, taken from the runs' logged events and final
// summaries. Fractions stay fractions; the charts format them as percentages.
// src/report imports src/util, and types from src/train and src/compact, only.
import type { RunRecord } from './run_record.js';
import { runFigures, tradeoffMacs } from './run_figures.js';

export interface AccuracyRow { run: string; step: number; accuracy: number }
export interface CostRow { run: string; step: number; measure: string; fraction: number }
export interface LayerSparsityRow { step: number; layer: string; zeros: number }
export interface LayerUnitsRow { layer: string; measure: string; share: number; label: string }
export interface TradeoffRow { run: string; reg: string; macsKept: number; accuracy: number; counted: string }

export const COST_MEASURES = {
  macs: 'MACs per example (non-zero weights)',
  usingParam: 'kernel weights (using param)',
} as const;

export const UNIT_MEASURES = { alive: 'alive units', zeroGroups: 'zero groups' } as const;

export const TRADEOFF_COUNTED = { compacted: 'compacted model', nonzero: 'non-zero weights (not compacted)' } as const;

/** Test accuracy at every test event. */
export function accuracyRows(runs: RunRecord[]): AccuracyRow[] {
  return runs.flatMap((run) => run.test.map((point) => ({
    run: run.name, step: point.step, accuracy: point.testAccuracy,
  })));
}

/** The true MACs fraction and using param at every test event. */
export function costRows(runs: RunRecord[]): CostRow[] {
  return runs.flatMap((run) => run.test.flatMap((point) => [
    { run: run.name, step: point.step, measure: COST_MEASURES.macs, fraction: point.macs.fraction },
    { run: run.name, step: point.step, measure: COST_MEASURES.usingParam, fraction: point.usingParam },
  ]));
}

/** Each layer's fraction of zero kernel weights at every display event. */
export function layerSparsityRows(run: RunRecord): LayerSparsityRow[] {
  return run.display.flatMap((point) => point.layers.map((layer) => ({
    step: point.step, layer: layer.name, zeros: layer.sparsity,
  })));
}

/** The layer names in network order, for chart legends and axes. */
export function layerNames(run: RunRecord): string[] {
  const logged = run.display.flatMap((point) => point.layers.map((layer) => layer.name));
  const names = [...run.summary.layers.map((layer) => layer.name), ...logged];
  return [...new Set(names)];
}

/** Per layer at the end: the share of units still alive and of groups entirely zero. */
export function layerUnitsRows(run: RunRecord): LayerUnitsRow[] {
  const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
  return run.summary.layers.flatMap((layer) => [
    {
      layer: layer.name, measure: UNIT_MEASURES.alive,
      share: share(layer.aliveUnits, layer.totalUnits), label: `${layer.aliveUnits}/${layer.totalUnits}`,
    },
    {
      layer: layer.name, measure: UNIT_MEASURES.zeroGroups,
      share: share(layer.zeroGroups, layer.totalGroups), label: `${layer.zeroGroups}/${layer.totalGroups}`,
    },
  ]);
}

/** Final test accuracy against the MACs kept, one point per run. */
export function tradeoffRows(runs: RunRecord[]): TradeoffRow[] {
  return runs.map((run) => {
    const figures = runFigures(run);
    const macs = tradeoffMacs(figures);
    return {
      run: run.name, reg: run.summary.reg, macsKept: macs.kept, accuracy: figures.testAccuracy,
      counted: macs.compacted ? TRADEOFF_COUNTED.compacted : TRADEOFF_COUNTED.nonzero,
    };
  });
}
