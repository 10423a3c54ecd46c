// The learning-rate schedule of the original code: staircase exponential decay,
//   eta(step) = baseLr * decayRate^floor(step / stepsize)
// (TF's tf.train.exponential_decay with staircase=True). The proximal step uses the same eta.
import { CgesError } from '../util/errors.js';

export interface LrSchedule {
  baseLr: number;
  /** Steps between two decays. */
  stepsize: number;
  /** Factor applied at every decay, in (0, 1] for a decaying rate. */
  decayRate: number;
}

/** The original MNIST schedule: 0.05 * 0.9^floor(step / 5000). */
export const ORIGINAL_LR_SCHEDULE: Readonly<LrSchedule> = { baseLr: 0.05, stepsize: 5000, decayRate: 0.9 };

export function checkLrSchedule(schedule: LrSchedule): void {
  const { baseLr, stepsize, decayRate } = schedule;
  if (!Number.isFinite(baseLr) || baseLr <= 0) throw new CgesError(`base learning rate must be > 0, got ${baseLr}`);
  if (!Number.isSafeInteger(stepsize) || stepsize <= 0) {
    throw new CgesError(`stepsize must be a positive integer, got ${stepsize}`);
  }
  if (!Number.isFinite(decayRate) || decayRate <= 0) throw new CgesError(`decay rate must be > 0, got ${decayRate}`);
}

/** eta at a 0-based step; the schedule's whole position is the step itself. */
export function learningRate(schedule: LrSchedule, step: number): number {
  return schedule.baseLr * schedule.decayRate ** Math.floor(step / schedule.stepsize);
}

/**
 * The learning rate of fine-tuning (the steps after pruning, regulariser off):
 * - continue: the schedule goes on where sparsifying left it (the rate has decayed by then);
 * - rewind: learning-rate rewinding (Renda et al. 2020), the schedule restarts at the step fine-tuning
 *   starts, so fine-tuning retrains at the initial rate and decays as the run did from step 0.
 */
export const FINETUNE_LR_MODES = ['continue', 'rewind'] as const;
export type FinetuneLrMode = (typeof FINETUNE_LR_MODES)[number];

/** eta at `step`, given the step fine-tuning started at (null: not started). */
export function phaseLearningRate(
  schedule: LrSchedule, step: number, finetuneStart: number | null, mode: FinetuneLrMode,
): number {
  const rewound = mode === 'rewind' && finetuneStart !== null && step >= finetuneStart;
  return learningRate(schedule, rewound ? step - finetuneStart : step);
}
