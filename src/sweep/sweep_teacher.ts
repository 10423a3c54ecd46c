// `cges sweep --distill`: one dense model, the sweep's L2 reference run (baseline.ts: the trials' model,
// data, budget and seed), trained once before the trials and named as every trial's --teacher
// (distillation, src/train/distillation.ts).
// It is an ordinary trial set of one run, in <out>/<out's name>-teacher/ (the name keeps it apart from
// other sweeps' in a queue's shared store), so --resume keeps it once it has finished; its training time
// is counted once in the sweep's budget, however many trials read it.
import { basename, join, resolve } from 'node:path';
import { CgesError } from '../util/errors.js';
import { runTrials, type RunTrialsOptions } from './run_trials.js';
import { baselineTrial } from './baseline.js';
import type { TrialSettings } from './trial.js';
import type { TrialResult } from './trial_result.js';

/** The teacher's finished run; its `dir` is what --teacher takes. */
export type SweepTeacher = TrialResult;

/** Trains (or, resumed, keeps) the teacher; null when the sweep was interrupted before it finished. */
export async function trainSweepTeacher(shared: TrialSettings, options: RunTrialsOptions): Promise<SweepTeacher | null> {
  const out = join(options.out, `${basename(resolve(options.out))}-teacher`);
  const log = options.log ?? console.log;
  log(`training the teacher every trial distils from: an L2 run in ${out}`);
  const run = await runTrials([baselineTrial(shared)], { ...options, out, log, earlyStop: undefined });
  if (run.interrupted && run.results.length === 0) return null;
  const [result] = run.results;
  if (result === undefined) {
    throw new CgesError(`the teacher run did not finish: ${run.failed[0]?.message ?? 'unknown failure'}; see ${out}`);
  }
  return result;
}
