// The L2 baseline of the original code: loss += eta * l2Weight * sum_l ||W_l||^2 / 2 over the kernels
// (biases excluded), with l2Weight = 0.01 there. It has no proximal step.
import * as tf from '@tensorflow/tfjs-core';
import type { RegularizedKernel } from '../../models/kernels.js';
import { checkLearningRate } from './check_options.js';
import type { Regularizer } from './types.js';

export const DEFAULT_L2_WEIGHT = 0.01;

export class L2Regularizer implements Regularizer {
  readonly name = 'l2';

  constructor(readonly l2Weight: number = DEFAULT_L2_WEIGHT) {}

  lossTerm(kernels: RegularizedKernel[], eta: number): tf.Scalar | null {
    checkLearningRate(eta);
    if (kernels.length === 0) return null;
    return tf.tidy(() => {
      const squares = kernels.map((kernel) => tf.sum(tf.square(kernel.variable.read())));
      return tf.mul<tf.Scalar>(tf.addN(squares), (eta * this.l2Weight) / 2);
    });
  }

  proxStep(): void {}
}
