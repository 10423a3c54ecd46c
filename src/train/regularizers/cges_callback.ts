// CgesCallback: runs a regulariser's proximal step after every batch of `model.fit`, so the optimiser's
// gradient step and the prox step alternate as in proximal gradient descent. It only decides when and
// at which learning rate; the regulariser decides how strong and src/prox does the maths.
import * as tfl from '@tensorflow/tfjs-layers';
import { regularizedKernels, type RegularizedKernel } from '../../models/kernels.js';
import { CgesError } from '../../util/errors.js';
import { checkLearningRate } from './check_options.js';
import type { Regularizer } from './types.js';

export interface CgesCallbackOptions {
  /** eta: the optimiser's learning rate, constant or as a function of the global step (0-based). */
  learningRate: number | ((step: number) => number);
  /** The global step of the first batch, to continue a schedule; default 0. */
  startStep?: number;
}

export class CgesCallback extends tfl.Callback {
  private readonly kernels: RegularizedKernel[];
  private readonly learningRate: (step: number) => number;
  private nextStep: number;

  constructor(model: tfl.LayersModel, private readonly regularizer: Regularizer, options: CgesCallbackOptions) {
    super();
    const { learningRate, startStep = 0 } = options;
    if (typeof learningRate === 'number') checkLearningRate(learningRate);
    else if (typeof learningRate !== 'function') throw new CgesError('learningRate must be a number or a function of the step');
    if (!Number.isInteger(startStep) || startStep < 0) {
      throw new CgesError(`startStep must be an integer >= 0, got ${String(startStep)}`);
    }
    this.kernels = regularizedKernels(model);
    this.learningRate = typeof learningRate === 'number' ? () => learningRate : learningRate;
    this.nextStep = startStep;
  }

  /** The global step the next batch will have; equals the batches seen plus startStep. */
  get step(): number {
    return this.nextStep;
  }

  override async onBatchEnd(): Promise<void> {
    const eta = this.learningRate(this.nextStep);
    checkLearningRate(eta);
    this.regularizer.proxStep(this.kernels, eta);
    this.nextStep += 1;
  }
}
