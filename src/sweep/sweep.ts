// `sweep()`: a grid over the cost target and the settings around it, run like a comparison (one run folder
// per trial under `out`, local worker processes), with an L2 reference run beside them (baseline.ts), then
// the goal's choice, the Pareto front of accuracy against compacted MACs, the smallest trial within 0.5 pp
// of L2, and the command that reproduces the chosen trial. sweep.json records them, and the trials early
// stopping (options.earlyStop, early_stop.ts) stopped at a rung, which are not candidates.
// With `distill`, that L2 run is trained first (sweep_teacher.ts) and is every trial's --teacher.
import { join } from 'node:path';
import { CgesError } from '../util/errors.js';
import { writeTextAtomic } from '../util/files.js';
import { BASELINE_NAME, baselineTrial, NAMED_DROP } from './baseline.js';
import { choose, goalText, type Choice, type Goal } from './goal.js';
import { gridTrials, type Grid } from './grid.js';
import { runTrials, threadsPerTrial, type RunTrialsOptions, type TrialsRun } from './run_trials.js';
import { reproduceCommand, type Trial, type TrialSettings } from './trial.js';
import { omittedTrials, reportTrials } from './trials_report.js';
import { trainSweepTeacher, type SweepTeacher } from './sweep_teacher.js';

export const SWEEP_JSON = 'sweep.json';
/** What a sweep varies unless told: the cost target, from a twentieth to four tenths of the dense MACs. */
export const DEFAULT_SWEEP_GRID: Grid = { 'target-macs': ['0.05', '0.1', '0.2', '0.4'] };
/** The settings every trial starts from: cges in the small preset's cost-target mode. */
export const SWEEP_BASE: TrialSettings = { preset: 'small', reg: 'cges' };

export interface SweepOptions extends RunTrialsOptions {
  grid?: Grid;
  /** Settings every trial shares (model, data, iterations, seed, ...), over SWEEP_BASE. */
  common?: TrialSettings;
  goal?: Goal;
  /** Run the L2 reference beside the trials (default true); a goal's maxDrop needs it. */
  baseline?: boolean;
  /** Train the L2 reference first, and distil every trial from it (--teacher); it then trains even without `baseline`. */
  distill?: boolean;
}

export interface SweepRun extends TrialsRun, Choice {
  trials: Trial[];
  goal: Goal;
  /** `cges train` reproducing the chosen trial, or null when none met the goal. */
  command: string | null;
  /** The L2 reference run, when it ran and finished. */
  baseline: SweepRun['results'][number] | null;
  /** The trial of fewest compacted MACs at most NAMED_DROP below the reference, or null. */
  smallestWithin: SweepRun['results'][number] | null;
  report: string | null;
  /** The distillation teacher (with `distill`), trained once; its time is part of the sweep's budget. */
  teacher: SweepTeacher | null;
}

function accuracyWord(choice: Choice): string {
  return choice.selectedBy === 'validation' ? 'validation accuracy'
    : 'test accuracy (the runs measured no validation accuracy, so the test set chose the setting and its figure ' +
      'is optimistic; train with a validation split to keep the test set for the final figure)';
}

export async function sweep(options: SweepOptions): Promise<SweepRun> {
  const log = options.log ?? console.log;
  const goal = options.goal ?? { objective: 'accuracy' };
  const shared = { ...SWEEP_BASE, ...options.common };
  let trials = gridTrials(options.grid ?? DEFAULT_SWEEP_GRID, shared);
  const withBaseline = options.baseline ?? true;
  if (goal.maxDrop !== undefined && !withBaseline) throw new CgesError('a goal\'s maximum drop from L2 needs the L2 reference run');
  let teacher: SweepTeacher | null = null;
  if (options.distill) {
    // Every trial's settings are checked before the teacher trains (the distillation ones, which need a
    // --teacher, and --teacher itself once it exists).
    const untaught = (settings: TrialSettings) => Object.fromEntries(Object.entries(settings).filter(([key]) => !key.startsWith('distill-')));
    for (const trial of trials) options.check?.({ ...trial, settings: untaught(trial.settings) });
    teacher = await trainSweepTeacher(shared, { ...options, log });
    if (teacher === null) {
      return {
        results: [], failed: [], interrupted: true, stoppedEarly: [], ...choose([], goal), trials, goal, command: null,
        report: null, baseline: null, smallestWithin: null, teacher,
      };
    }
    const dir = teacher.dir;
    trials = trials.map((trial) => ({ ...trial, settings: { ...trial.settings, teacher: dir } }));
  }
  // The teacher is the L2 reference's very run: it is not trained twice.
  const run = await runTrials(withBaseline && teacher === null ? [baselineTrial(shared), ...trials] : trials, { ...options, log });
  const baseline = withBaseline ? teacher ?? run.results.find((r) => r.name === BASELINE_NAME) ?? null : null;
  const candidates = run.results.filter((r) => r !== baseline);
  const trialSeconds = run.results.reduce((sum, r) => sum + r.trainSeconds, 0);
  const budgetSeconds = trialSeconds + (teacher?.trainSeconds ?? 0);
  if (teacher !== null) {
    log(`training time: ${budgetSeconds.toFixed(1)} s, the teacher's ${teacher.trainSeconds.toFixed(1)} s counted once ` +
      `and the trials' ${trialSeconds.toFixed(1)} s`);
  }
  const reference = baseline ?? undefined;
  const choice = choose(candidates, goal, reference);
  const patterns = choice.chosen === null ? undefined : { name: choice.chosen.name, why: 'the setting the sweep chose' };
  const rows = baseline !== null && teacher !== null ? [baseline, ...run.results] : run.results;
  const report = await reportTrials(options.out, rows, log, { patterns, omitted: omittedTrials(run) });
  const smallestWithin = baseline === null ? null
    : choose(candidates, { objective: 'macs', maxDrop: NAMED_DROP }, reference).chosen;
  const of = (r: { validationAccuracy: number | null; testAccuracy: number }) =>
    (choice.selectedBy === 'validation' ? r.validationAccuracy ?? Number.NaN : r.testAccuracy);
  const point = (r: SweepRun['results'][number]) =>
    `${r.name}: ${(100 * r.compactedMacsFraction).toFixed(1)}% MACs, ${(100 * of(r)).toFixed(2)}%`;
  if (run.stoppedEarly.length > 0) {
    log(`stopped early (not candidates): ${run.stoppedEarly.map((s) => `${s.name} at step ${s.step}`).join(', ')}`);
  }
  if (candidates.length > 0) {
    log(`Pareto front (accuracy against compacted MACs): ${choice.pareto.map(point).join('; ')}`);
    log(`chosen by ${accuracyWord(choice)}`);
  }
  if (baseline !== null) {
    const drop = `${100 * NAMED_DROP} pp`;
    log(`L2 reference: ${(100 * of(baseline)).toFixed(2)}%; smallest within ${drop} of it: ` +
      `${smallestWithin === null ? 'none' : point(smallestWithin)}`);
  } else if (withBaseline) {
    log('the L2 reference run did not finish: no trial is measured against it');
  }
  const trial = choice.chosen === null ? undefined : trials.find((t) => t.name === choice.chosen?.name);
  const threads = choice.chosen?.threads ?? threadsPerTrial(options);
  const command = trial === undefined ? null : reproduceCommand(trial, join('runs', trial.name), threads);
  if (command !== null && choice.chosen !== null) {
    log(`goal: ${goalText(goal)}; chosen: ${point(choice.chosen)}`);
    log(`reproduce with: ${command}`);
  } else if (run.results.length > 0) {
    log(`goal: ${goalText(goal)}; no finished trial meets it`);
  }
  const record = {
    goal, selectedBy: choice.selectedBy, chosen: choice.chosen?.name ?? null, command,
    baseline: baseline === null ? null : { name: baseline.name, accuracy: of(baseline) },
    smallestWithin: baseline === null ? null : { drop: NAMED_DROP, name: smallestWithin?.name ?? null },
    pareto: choice.pareto.map((r) => r.name), feasible: choice.feasible.map((r) => r.name),
    failed: run.failed, earlyStop: options.earlyStop ?? null, stoppedEarly: run.stoppedEarly, trials,
    teacher: teacher === null ? null : { dir: teacher.dir, trainSeconds: teacher.trainSeconds }, trainSeconds: budgetSeconds,
  };
  writeTextAtomic(join(options.out, SWEEP_JSON), `${JSON.stringify(record, null, 2)}\n`);
  return { ...run, ...choice, trials, goal, command, report, baseline, smallestWithin, teacher };
}
