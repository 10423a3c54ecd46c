// CgesCallback: runs a regulariser's proximal step after every batch of `model.fit`, so the optimiser's
// gradient step and the prox step alternate as in proximal gradient descent. It only decides when and
// at which learning rate; the regulariser decides how strong and src/prox does the maths.
import * as tfl from '@tensorflow/tfjs-layers';
import { regularizedKernels, type RegularizedKernel } from '../../models/kernels.js';
import { CgesError } from '../../util/errors.js';
import { dropoutLayers, reseedDropout } from '../dropout_seeds.js';
import { Rng } from '../rng.js';
import { checkLearningRate } from './check_options.js';
import type { Regularizer } from './types.js';

export interface CgesCallbackOptions {
  /** eta: the optimiser's learning rate, constant or as a function of the global step (0-based). */
  learningRate: number | ((step: number) => number);
  /** The global step of the first batch, to continue a schedule; default 0. */
  startStep?: number;
  /**
   * Seeds the dropout masks: each batch gets fresh masks drawn from this seed, so a fit can be replayed
   * (together with `shuffle: false`, since model.fit shuffles with Math.random). Without it, dropout
   * layers draw their masks from Math.random as tfjs-layers does.
   */
  seed?: number;
}

export class CgesCallback extends tfl.Callback {
  private readonly kernels: RegularizedKernel[];
  private readonly learningRate: (step: number) => number;
  private nextStep: number;
  private readonly dropouts: tfl.layers.Layer[];
  private readonly dropoutRng?: Rng;

  private readonly regularizer: Regularizer;

  constructor(model: tfl.LayersModel, regularizer: Regularizer, options: CgesCallbackOptions) {
    super();
    const { learningRate, startStep = 0, seed } = options;
    if (seed !== undefined && !Number.isSafeInteger(seed)) throw new CgesError(`seed must be an integer, got ${String(seed)}`);
    if (typeof learningRate === 'number') checkLearningRate(learningRate);
    else if (typeof learningRate !== 'function') throw new CgesError('learningRate must be a number or a function of the step');
    if (!Number.isInteger(startStep) || startStep < 0) {
      throw new CgesError(`startStep must be an integer >= 0, got ${String(startStep)}`);
    }
    this.kernels = regularizedKernels(model);
    this.regularizer = regularizer.forModel?.(model) ?? regularizer;
    this.learningRate = typeof learningRate === 'number' ? () => learningRate : learningRate;
    this.nextStep = startStep;
    this.dropouts = dropoutLayers(model);
    if (seed !== undefined) this.dropoutRng = new Rng(seed);
  }

  override async onBatchBegin(): Promise<void> {
    if (this.dropoutRng !== undefined) reseedDropout(this.dropouts, this.dropoutRng);
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
