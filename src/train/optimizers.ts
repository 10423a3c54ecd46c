// The optimisers a run may use, each able to change its learning rate at every step, since the
// staircase schedule and the proximal step must agree on eta. Plain SGD is the original's choice.
import * as tf from '@tensorflow/tfjs-core';
import { sgdVariableInPlace } from '../backend/native_sgd.js';
import { CgesError } from '../util/errors.js';

export const OPTIMIZER_NAMES = ['sgd', 'momentum', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

export interface ScheduledOptimizer extends tf.Optimizer {
  setLearningRate(learningRate: number): void;
}

/**
 * Adam reads its protected learningRate at every update; this exposes a setter for the schedule.
 * TF.js's Adam keeps beta^(t+1) as running products, which getWeights leaves out and setWeights recomputes
 * as pow(beta, t + 1): a restored or shrunk optimiser would differ from one that never stopped in the last
 * bit. Computing them from the step count before every step, as setWeights does, makes the step count
 * and the moments the whole state, so a resume continues bit for bit.
 */
class ScheduledAdam extends tf.AdamOptimizer implements ScheduledOptimizer {
  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
  }

  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    tf.tidy(() => {
      for (const [field, beta] of [['accBeta1', this.beta1], ['accBeta2', this.beta2]] as const) {
        const product: unknown = Reflect.get(this, field);
        if (!(product instanceof tf.Variable)) throw new Error(`cges: Adam has no ${field} variable`);
        product.assign(tf.pow(beta, this.iterations + 1));
      }
    });
    super.applyGradients(variableGradients);
  }
}

/**
 * Plain SGD that updates each weight in place on the onednn backend (the same float32 numbers, without two
 * fresh weight-sized tensors per weight and step); any weight it cannot update there goes through TF.js's
 * own SGD, which also counts the iteration.
 */
class InPlaceSgd extends tf.SGDOptimizer {
  override applyGradients(variableGradients: Parameters<tf.SGDOptimizer['applyGradients']>[0]): void {
    const named = Array.isArray(variableGradients)
      ? variableGradients
      : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    const rest: tf.NamedTensorMap = {};
    for (const { name, tensor } of named) {
      const variable = tf.engine().registeredVariables[name];
      if (variable === undefined || !sgdVariableInPlace(variable, tensor, this.learningRate)) rest[name] = tensor;
    }
    super.applyGradients(rest);
  }
}

export function isOptimizerName(name: string): name is OptimizerName {
  return (OPTIMIZER_NAMES as readonly string[]).includes(name);
}

/**
 * TF.js's momentum optimiser disposes its momentum scalar and accumulators but not the learning-rate
 * scalar its SGD base keeps, so every optimiser a run drops (one at each shrink) left a tensor behind.
 */
class DisposingMomentum extends tf.MomentumOptimizer {
  override dispose(): void {
    super.dispose();
    this.c.dispose();
  }
}

/** A fresh optimiser; SGD and momentum already own setLearningRate (momentum extends SGD). */
export function makeOptimizer(name: string, learningRate: number): ScheduledOptimizer {
  switch (name) {
    case 'sgd':
      return new InPlaceSgd(learningRate);
    case 'momentum':
      return new DisposingMomentum(learningRate, 0.9);
    case 'adam':
      return new ScheduledAdam(learningRate, 0.9, 0.999, 1e-7);
    default:
      throw new CgesError(`unknown optimizer "${name}"; valid optimizers: ${OPTIMIZER_NAMES.join(', ')}`);
  }
}
