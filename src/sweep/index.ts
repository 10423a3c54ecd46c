// Comparisons and sweeps: many `cges train` runs fanned out over local worker processes or a BullMQ
// queue, their results collected, compared and chosen from.
// src/sweep imports src/report, src/util and node only; trials run in cges worker processes.
export { compare, COMPARE_RUNS, DEFAULT_COMPARE_ITERATIONS, DEFAULT_COMPARE_RUNS, parseCompareRuns, type CompareOptions, type CompareRun } from './compare.js';
export { sweep, DEFAULT_SWEEP_GRID, SWEEP_BASE, type SweepOptions, type SweepRun } from './sweep.js';
export { ashaDecisions, rungDecision, type AshaDecisions, type AshaTrial, type RungEntry } from './asha.js';
export { DEFAULT_ETA, DEFAULT_RUNGS, rungSteps, type EarlyStopSettings, type StoppedTrial } from './early_stop.js';
export { choose, goalText, OBJECTIVES, type Choice, type Goal, type Objective } from './goal.js';
export { gridTrials, type Grid } from './grid.js';
export { paretoFront, type TradeoffPoint } from '../report/pareto.js';
export { reproduceCommand, type Trial, type TrialSettings } from './trial.js';
export { readTrialResult, type LayerUnits, type TrialResult } from './trial_result.js';
export type { RunTrialsOptions, TrialsRun } from './run_trials.js';
