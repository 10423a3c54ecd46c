// The rows each chart plots, one flat record per mark, taken from the runs' logged events and final
// summaries: the series, and the rules that mark where fine-tuning began and the cost targets. Fractions
// stay fractions; the charts format them as percentages.
// src/report imports src/util, and types from src/train and src/compact, only.
import type { DisplayPoint, RunRecord, TestPoint } from './run_record.js';
import { paretoFront } from './pareto.js';
import { runFigures, tradeoffMacs } from './run_figures.js';

export interface AccuracyRow { run: string; step: number; accuracy: number }
export interface CostRow { run: string; step: number; measure: string; fraction: number }
export interface LayerSparsityRow { step: number; layer: string; zeros: number }
export interface LayerUnitsRow { layer: string; measure: string; share: number; label: string }
export interface TradeoffRow {
  run: string; reg: string; macsKept: number; accuracy: number; counted: string;
  /** No other run has at most its MACs and at least its accuracy, better on one. */
  front: boolean;
}
/** A vertical rule at a step of one run. */
export interface StepRuleRow { run: string; step: number; label: string }
/** A horizontal rule at a fraction, for one run. */
export interface LevelRuleRow { run: string; fraction: number; label: string }

export const COST_MEASURES = {
  macs: 'MACs per example (non-zero weights)',
  usingParam: 'kernel weights (using param)',
  compactedMacs: 'MACs per example (compacted network)',
  compactedParams: 'parameters (compacted network)',
} as const;

export const UNIT_MEASURES = { alive: 'alive units', zeroGroups: 'zero groups' } as const;

export const TRADEOFF_COUNTED = {
  built: 'compacted model',
  predicted: 'compacted model (predicted)',
  nonzero: 'non-zero weights (not compacted)',
} as const;

/** Test accuracy at every test event that read the test set, and validation accuracy as a series of its own. */
export function accuracyRows(runs: RunRecord[]): AccuracyRow[] {
  return runs.flatMap((run) => run.test.flatMap((point) => [
    ...(point.testAccuracy === null ? [] : [{ run: run.name, step: point.step, accuracy: point.testAccuracy }]),
    ...(point.valAccuracy === undefined ? [] : [{ run: `${run.name} (validation)`, step: point.step, accuracy: point.valAccuracy }]),
  ]));
}

/** A logged point with the cost figures the cost chart plots. */
type CostPoint = Pick<TestPoint, 'step' | 'usingParam' | 'macs' | 'compacted'>;

/**
 * The points a run's cost is charted at: every display event when the run logged its cost there (newer
 * runs), so the first steps, where a target removes units, are drawn; else every test event.
 */
export function costPoints(run: RunRecord): CostPoint[] {
  const { display } = run;
  const logged = display.filter((point): point is DisplayPoint & CostPoint => point.macs !== undefined);
  return display.length > 0 && logged.length === display.length ? logged : run.test;
}

/**
 * The true MACs fraction and using param at every cost point, and where logged, the MACs and parameters
 * of the network compaction would produce from the weights at that step.
 */
export function costRows(runs: RunRecord[]): CostRow[] {
  return runs.flatMap((run) => costPoints(run).flatMap((point) => {
    const row = (measure: string, fraction: number): CostRow => ({
      run: run.name, step: point.step, measure, fraction,
    });
    const { compacted } = point;
    return [
      row(COST_MEASURES.macs, point.macs.fraction),
      row(COST_MEASURES.usingParam, point.usingParam),
      ...(compacted === undefined ? [] : [
        row(COST_MEASURES.compactedMacs, compacted.macsFraction),
        row(COST_MEASURES.compactedParams, compacted.paramsFraction),
      ]),
    ];
  }));
}

export const FINETUNE_LABEL = 'fine-tuning';

/** The step each run began fine-tuning at, for the step charts. */
export function finetuneRows(runs: RunRecord[]): StepRuleRow[] {
  return runs.flatMap((run) => {
    const start = run.summary.finetune?.startStep ?? null;
    return start === null ? [] : [{ run: run.name, step: start, label: FINETUNE_LABEL }];
  });
}

/** Each run's cost targets, as fractions of the dense model, for the cost chart. */
export function targetRows(runs: RunRecord[]): LevelRuleRow[] {
  return runs.flatMap((run) => {
    const { target } = run.summary;
    if (target === undefined) return [];
    const levels = [['MACs', target.macs], ['params', target.params]] as const;
    return levels.flatMap(([name, fraction]) =>
      (fraction === null ? [] : [{ run: run.name, fraction, label: `${name} target` }]));
  });
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

/**
 * The accuracy runs are compared by: validation when every run measured it (the test set then chose
 * nothing), else test.
 */
export function tradeoffAccuracy(runs: RunRecord[]): 'validation' | 'test' {
  return runs.length > 0 && runs.every((run) => run.summary.valAccuracy !== undefined) ? 'validation' : 'test';
}

/** Final accuracy (tradeoffAccuracy's) against the MACs kept, one point per run, the Pareto front marked. */
export function tradeoffRows(runs: RunRecord[]): TradeoffRow[] {
  const byValidation = tradeoffAccuracy(runs) === 'validation';
  const points = runs.map((run) => {
    const figures = runFigures(run);
    const macs = tradeoffMacs(figures);
    const accuracy = byValidation ? run.summary.valAccuracy ?? Number.NaN : figures.testAccuracy;
    return { run, macs, accuracy };
  });
  const front = new Set(paretoFront(points.map(({ macs, accuracy }) => ({ macs: macs.kept, accuracy }))));
  return points.map(({ run, macs, accuracy }, i) => ({
    run: run.name, reg: run.summary.reg, macsKept: macs.kept, accuracy, counted: TRADEOFF_COUNTED[macs.counted],
    front: front.has(i),
  }));
}
