// Knowledge distillation (Hinton et al. 2015): a trained teacher's logits as soft targets. The student
// trains on
//   (1 - alpha) * hardLoss + alpha * T^2 * KL(softmax(t / T) || softmax(s / T)),
// the KL term a mean over the batch. T^2 keeps the soft term's gradient, alpha * T * (p_s - p_t) per
// logit, on the hard term's scale whatever T is. alpha rises to its value over the first tenth of the
// steps that distil (distillationWeight). With alpha 0 the step is bit-identical to one without a
// teacher: 1 * x and x + 0 are exact, in the loss and in its gradient.
// The teacher runs in inference mode (no dropout) on the step's batch, inside the step's tidy, so its
// logits are gone with the step; it has no state, so a resumed run distils exactly as an unbroken one.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { CgesError } from '../util/errors.js';
import { modelClasses, modelExampleShape } from './batches.js';

/** When the soft targets apply: every step, or only once fine-tuning has started (regulariser off). */
export const DISTILL_PHASES = ['all', 'finetune'] as const;
export type DistillPhase = (typeof DISTILL_PHASES)[number];

/**
 * T 4 softens a confident teacher's 10-class outputs enough that the wrong classes' shares carry
 * information (Hinton et al. use 2..20; 4 is the common choice for MNIST-size nets). alpha 0.7 keeps
 * some weight on the labels, which a student that lost most of its units needs where the teacher errs.
 * Phase 'all': on lenet5 at 10% of the MACs (README, three seeds), distilling every step reached a
 * higher mean validation accuracy than distilling only the fine-tuning (98.53% against 98.51%; 98.54% on
 * the test set both), and under momentum it closed the gap to L2 to 0.03 pp.
 */
export const DEFAULT_DISTILL_TEMPERATURE = 4;
export const DEFAULT_DISTILL_ALPHA = 0.7;
export const DEFAULT_DISTILL_PHASE: DistillPhase = 'all';

/**
 * The soft term's weight rises linearly from 0 to alpha over this share of the steps it distils (all of
 * them, or those of fine-tuning), for two failures measured on lenet5 at 10% of the MACs:
 * - switched on at full weight when fine-tuning starts, on a trained, just-pruned network, the soft term
 *   (at T > 1 far more curved than a confident network's cross-entropy) took training accuracy from 98%
 *   to a NaN loss in 9 steps at the rate sparsifying ended with;
 * - from the first step under momentum at rate 0.05, it diverged within 30 steps, and within 53 with a ramp
 *   of a fiftieth of the run.
 * Over a tenth both trained, on every seed tried (README).
 */
export const DISTILL_RAMP_SHARE = 0.1;

/**
 * The soft term's weight for the step after `step` completed steps, of a run of `iterations`:
 * alpha * min(1, j / R) at the j-th step that distils (j = 1, 2, ...), over R = ceil(DISTILL_RAMP_SHARE * the
 * steps that distil), which start at step 0 (phase all) or at `finetuneStart` (phase finetune, the
 * completed steps when fine-tuning started).
 */
export function distillationWeight(
  alpha: number, phase: DistillPhase, step: number, finetuneStart: number | null, iterations: number,
): number {
  const start = phase === 'all' ? 0 : finetuneStart;
  if (start === null) return alpha;
  const ramp = Math.max(1, Math.ceil(DISTILL_RAMP_SHARE * (iterations - start)));
  return alpha * Math.min(1, (step - start + 1) / ramp);
}

export interface DistillationSettings {
  temperature: number;
  /** The soft term's weight, in [0, 1]. */
  alpha: number;
}

/** A trained model whose logits the student learns from, and how. */
export interface Teacher extends Partial<DistillationSettings> {
  /** Outputs logits: a model ending in a softmax has it taken off first (src/models/output_head.ts). */
  model: tfl.LayersModel;
  phase?: DistillPhase;
}

export function checkDistillation(settings: DistillationSettings): void {
  const { temperature, alpha } = settings;
  if (!Number.isFinite(temperature) || temperature <= 0) {
    throw new CgesError(`distillation temperature must be > 0, got ${temperature}`);
  }
  if (!(alpha >= 0 && alpha <= 1)) throw new CgesError(`distillation alpha must be in [0, 1], got ${alpha}`);
}

/** The teacher's settings with the defaults filled in, checked. */
export function resolveTeacher(teacher: Teacher): Required<Teacher> {
  const resolved = {
    model: teacher.model,
    temperature: teacher.temperature ?? DEFAULT_DISTILL_TEMPERATURE,
    alpha: teacher.alpha ?? DEFAULT_DISTILL_ALPHA,
    phase: teacher.phase ?? DEFAULT_DISTILL_PHASE,
  };
  checkDistillation(resolved);
  if (!(DISTILL_PHASES as readonly string[]).includes(resolved.phase)) {
    throw new CgesError(`distillation phase must be one of ${DISTILL_PHASES.join(', ')}, got "${resolved.phase}"`);
  }
  return resolved;
}

/** Refuses a teacher that does not read the student's images or score its classes. */
export function checkTeacherFits(teacher: tfl.LayersModel, student: tfl.LayersModel): void {
  const [, ...teacherInput] = teacher.inputs[0].shape;
  const studentInput = modelExampleShape(student);
  if (teacherInput.join(',') !== studentInput.join(',')) {
    throw new CgesError(`teacher ${teacher.name} takes inputs [${teacherInput.join(', ')}], but the model trains on ` +
      `[${studentInput.join(', ')}]`);
  }
  const output = teacher.outputs[0].shape;
  const classes = modelClasses(student);
  if (output.length !== 2 || output[1] !== classes) {
    throw new CgesError(`teacher ${teacher.name} outputs [${output.slice(1).join(', ')}], but the model scores ${classes} classes`);
  }
}

/** The teacher's logits for a batch, in inference mode (the caller disposes them, e.g. by its tidy). */
export function teacherLogits(teacher: tfl.LayersModel, xs: tf.Tensor): tf.Tensor2D {
  const logits = teacher.apply(xs, { training: false });
  if (!(logits instanceof tf.Tensor)) throw new CgesError(`teacher ${teacher.name} must have one output`);
  return logits as tf.Tensor2D;
}

/** KL(softmax(teacher / T) || softmax(student / T)), the mean over the batch of its per-example sums. */
export function softTargetKl(student: tf.Tensor, teacher: tf.Tensor, temperature: number): tf.Scalar {
  return tf.tidy(() => {
    const logTeacher = tf.logSoftmax(tf.div(teacher, temperature));
    const logStudent = tf.logSoftmax(tf.div(student, temperature));
    const perExample = tf.sum(tf.mul(tf.exp(logTeacher), tf.sub(logTeacher, logStudent)), 1);
    return tf.mean(perExample);
  });
}

/** (1 - alpha) * hardLoss + alpha * T^2 * KL; the teacher's logits come from outside the gradient scope. */
export function distillationLoss(
  hardLoss: tf.Scalar, student: tf.Tensor, teacher: tf.Tensor, settings: DistillationSettings,
): tf.Scalar {
  const { temperature, alpha } = settings;
  return tf.tidy(() => {
    const soft = tf.mul(softTargetKl(student, teacher, temperature), alpha * temperature * temperature);
    return tf.add<tf.Scalar>(tf.mul(hardLoss, 1 - alpha), soft);
  });
}
