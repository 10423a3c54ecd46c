// The optimisers a run may use, each able to change its learning rate at every step, since the
// staircase schedule and the proximal step must agree on eta. Plain SGD is the original's choice.
import * as tf from '@tensorflow/tfjs-core';
import { CgesError } from '../util/errors.js';

export const OPTIMIZER_NAMES = ['sgd', 'momentum', 'adam'] as const;
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

export interface ScheduledOptimizer extends tf.Optimizer {
  setLearningRate(learningRate: number): void;
}

/** Adam reads its protected learningRate at every update; this exposes a setter for the schedule. */
class ScheduledAdam extends tf.AdamOptimizer implements ScheduledOptimizer {
  setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
  }
}

export function isOptimizerName(name: string): name is OptimizerName {
  return (OPTIMIZER_NAMES as readonly string[]).includes(name);
}

/** A fresh optimiser; SGD and momentum already own setLearningRate (momentum extends SGD). */
export function makeOptimizer(name: string, learningRate: number): ScheduledOptimizer {
  switch (name) {
    case 'sgd':
      return new tf.SGDOptimizer(learningRate);
    case 'momentum':
      return new tf.MomentumOptimizer(learningRate, 0.9);
    case 'adam':
      return new ScheduledAdam(learningRate, 0.9, 0.999, 1e-7);
    default:
      throw new CgesError(`unknown optimizer "${name}"; valid optimizers: ${OPTIMIZER_NAMES.join(', ')}`);
  }
}
