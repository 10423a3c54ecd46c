// `cges sweep --distill`: one dense model, an L2 run of the sweep's model, data, budget and seed, trained
// once before the trials and named as every trial's --teacher (distillation, src/train/distillation.ts).
// It is an ordinary trial set of one run, in <out>/<out's name>-teacher/ (the name keeps it apart from
// other sweeps' in a queue's shared store), so --resume keeps it once it has finished; its training time
// is counted once in the sweep's budget, however many trials read it.
import { basename, join, resolve } from 'node:path';
import { CgesError } from '../util/errors.js';
import { runTrials, type RunTrialsOptions } from './run_trials.js';
import type { Trial, TrialSettings } from './trial.js';

export const TEACHER_RUN = 'l2';

export interface SweepTeacher {
  /** The teacher's run folder, which --teacher takes. */
  dir: string;
  trainSeconds: number;
}

/** The teacher's trial: the sweep's shared settings (model, data, iterations, seed) with the L2 regulariser. */
export function teacherTrial(common: TrialSettings): Trial {
  return { name: TEACHER_RUN, settings: { ...common, reg: 'l2' } };
}

/** Trains (or, resumed, keeps) the teacher; null when the sweep was interrupted before it finished. */
export async function trainSweepTeacher(common: TrialSettings, options: RunTrialsOptions): Promise<SweepTeacher | null> {
  const out = join(options.out, `${basename(resolve(options.out))}-teacher`);
  const log = options.log ?? console.log;
  log(`training the teacher every trial distils from: an L2 run in ${out}`);
  const run = await runTrials([teacherTrial(common)], { ...options, out, log });
  if (run.interrupted && run.results.length === 0) return null;
  const [result] = run.results;
  if (result === undefined) {
    throw new CgesError(`the teacher run did not finish: ${run.failed[0]?.message ?? 'unknown failure'}; see ${out}`);
  }
  return { dir: result.dir, trainSeconds: result.trainSeconds };
}
