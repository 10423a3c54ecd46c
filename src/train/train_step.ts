// One proximal-gradient training step (the CGES recipe):
//   1. forward with dropout on, the data loss on the logits (softmax cross-entropy unless the run chose
//      another, losses.ts) (+ the regulariser's loss term, which only l2 has), gradients of that loss;
//   2. optimiser step at learning rate eta;
//   3. the regulariser's proximal step on every kernel, with the same eta.
// With a teacher (distillation.ts) the data loss mixes in its logits as soft targets; the logged loss
// stays the hard one, so runs with and without a teacher log the same quantity.
// xs: [B, H, W, C] float32; labels: one-hot [B, classes] float32 or class ids [B] int32.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { softmaxCrossEntropyLoss } from '../backend/softmax_cross_entropy.js';
import '../models/batch_norm_layer.js';
import '../models/relu_layer.js';
import type { RegularizedKernel } from '../models/kernels.js';
import { CgesError } from '../util/errors.js';
import { distillationLoss, teacherLogits } from './distillation.js';
import { dropoutLayers, reseedDropout } from './dropout_seeds.js';
import type { LossFunction } from './losses.js';
import type { ScheduledOptimizer } from './optimizers.js';
import type { Regularizer } from './regularizers/index.js';
import type { Rng } from './rng.js';

/** What a step needs of a regulariser. */
export type StepRegularizer = Pick<Regularizer, 'lossTerm' | 'proxStep'>;

export interface TrainStepOptions {
  model: tfl.LayersModel;
  optimizer: ScheduledOptimizer;
  regularizer: StepRegularizer;
  kernels: RegularizedKernel[];
  /** Draws a fresh dropout seed per step; without it dropout masks are not reproducible. */
  dropoutRng?: Rng;
  /** The data loss; softmax cross-entropy by default. */
  loss?: LossFunction;
  /** Soft targets from a teacher's logits, on the steps `active` says (e.g. only while fine-tuning). */
  distill?: StepDistillation;
}

export interface StepDistillation {
  teacher: tfl.LayersModel;
  temperature: number;
  /** Whether this step distils, and the soft term's weight (alpha) when it does. */
  active: () => boolean;
  weight: () => number;
}

export interface StepResult {
  /** The batch's mean data loss (softmax cross-entropy by default), without any regulariser term. */
  loss: number;
  /** Fraction of the batch the model (with dropout on) classified correctly. */
  accuracy: number;
}

export type TrainStep = (xs: tf.Tensor, labels: tf.Tensor, eta: number) => StepResult;

function trainableVariables(model: tfl.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((weight) => {
    const value = weight.read();
    if (!(value instanceof tf.Variable)) throw new Error(`cges: weight ${weight.name} is not a tf.Variable`);
    return value;
  });
}

function oneHotLabels(labels: tf.Tensor, classes: number): tf.Tensor {
  if (labels.rank === 2) return tf.cast(labels, 'float32');
  if (labels.rank === 1) return tf.oneHot(tf.cast(labels, 'int32'), classes);
  throw new CgesError(`labels must be one-hot [batch, classes] or class ids [batch], got shape [${labels.shape}]`);
}

export function makeTrainStep(options: TrainStepOptions): TrainStep {
  const { model, optimizer, regularizer, kernels, dropoutRng, distill } = options;
  const dataLossOf = options.loss ?? softmaxCrossEntropyLoss;
  const variables = trainableVariables(model);
  const dropouts = dropoutLayers(model);
  return (xs, labels, eta) => {
    if (!Number.isFinite(eta) || eta <= 0) throw new CgesError(`learning rate must be > 0, got ${eta}`);
    if (dropoutRng !== undefined) reseedDropout(dropouts, dropoutRng);
    optimizer.setLearningRate(eta);
    const [loss, correct] = tf.tidy(() => {
      // Kept out of the gradient scope's cleanup: accuracy and the logged loss read them below.
      const kept: { logits?: tf.Tensor; target?: tf.Tensor; dataLoss?: tf.Scalar } = {};
      // Outside the gradient scope: the teacher's logits are constants of the student's loss.
      const soft = distill !== undefined && distill.active() ? teacherLogits(distill.teacher, xs) : null;
      const { grads } = tf.variableGrads(() => {
        const logits = model.apply(xs, { training: true });
        if (!(logits instanceof tf.Tensor)) throw new CgesError(`model "${model.name}" must have one output`);
        const target = oneHotLabels(labels, logits.shape[1] ?? 0);
        const dataLoss = dataLossOf(target, logits);
        kept.logits = tf.keep(logits);
        kept.target = tf.keep(target);
        kept.dataLoss = tf.keep(dataLoss);
        const trained = soft === null || distill === undefined ? dataLoss
          : distillationLoss(dataLoss, logits, soft, { temperature: distill.temperature, alpha: distill.weight() });
        const term = regularizer.lossTerm(kernels, eta);
        return term === null ? trained : tf.add<tf.Scalar>(trained, term);
      }, variables);
      optimizer.applyGradients(grads);
      const { logits, target, dataLoss } = kept;
      if (logits === undefined || target === undefined || dataLoss === undefined) {
        throw new Error('cges: the forward pass did not run');
      }
      const hits = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), tf.argMax(target, 1)), 'float32'));
      tf.dispose([logits, target]);
      return [dataLoss, hits];
    });
    regularizer.proxStep(kernels, eta);
    const result = { loss: loss.dataSync()[0], accuracy: correct.dataSync()[0] / xs.shape[0] };
    tf.dispose([loss, correct]);
    return result;
  };
}
