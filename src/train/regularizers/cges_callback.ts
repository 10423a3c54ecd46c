// CgesCallback: runs a regulariser's proximal step after every batch of `model.fit`, so the optimiser's
// gradient step and the prox step alternate as in proximal gradient descent. It only decides when and
// at which learning rate; the regulariser decides how strong and src/prox does the maths.
// With `structure`, it also runs a cost target's structure control after every batch, as train() does
// (structure_control.ts): masks, the controller, and fine-tuning with the prox off once the target is met.
// model.fit trains one model throughout, so a callback cannot shrink it (train() can).
// state() is everything the callback's future depends on, as JSON; `resume` continues a fit from it
// exactly (the model's weights and model.fit's optimiser are the caller's to save and restore).
import * as tfl from '@tensorflow/tfjs-layers';
import { regularizedKernels, type RegularizedKernel } from '../../models/kernels.js';
import { CgesError } from '../../util/errors.js';
import { dropoutLayers, reseedDropout } from '../dropout_seeds.js';
import { denseReference } from '../metrics.js';
import { resolveStructure, StructureControl, type ControlState, type StructureOptions } from '../structure_control.js';
import { Rng } from '../rng.js';
import { checkCallbackState, type CgesCallbackState } from './callback_state.js';
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
  /**
   * A cost target, masks and fine-tuning, as train() takes them, over `steps` batches in all (the plan's
   * length: epochs x batches per epoch); `accuracy` is measured when fine-tuning starts, if given.
   */
  structure?: Omit<StructureOptions, 'shrink'> & { steps: number; accuracy?: () => number };
  /**
   * A state from `state()` of the fit to continue (e.g. read back from JSON): the step (instead of
   * `startStep`), the dropout generator and the structure control go on from it. Give the same
   * `structure` as that fit; the model must hold the weights it had then.
   */
  resume?: CgesCallbackState;
}

export class CgesCallback extends tfl.Callback {
  private readonly kernels: RegularizedKernel[];
  private readonly learningRate: (step: number) => number;
  private nextStep: number;
  private readonly dropouts: tfl.layers.Layer[];
  private readonly dropoutRng?: Rng;

  private readonly regularizer: Regularizer;
  private readonly structureControl?: StructureControl;
  private readonly accuracy?: () => number;
  private readonly fitModel: tfl.LayersModel;

  constructor(model: tfl.LayersModel, regularizer: Regularizer, options: CgesCallbackOptions) {
    super();
    const { learningRate, seed, resume } = options;
    if (seed !== undefined && !Number.isSafeInteger(seed)) throw new CgesError(`seed must be an integer, got ${String(seed)}`);
    if (resume !== undefined) {
      if (options.startStep !== undefined) throw new CgesError('give startStep or resume, not both: resume holds the step');
      checkCallbackState(model, resume, { structure: options.structure !== undefined, seed: seed !== undefined });
    }
    const startStep = resume?.step ?? options.startStep ?? 0;
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
    if (resume?.dropoutRng !== undefined) this.dropoutRng = Rng.fromState(resume.dropoutRng);
    else if (seed !== undefined) this.dropoutRng = new Rng(seed);
    this.fitModel = model;
    const { structure } = options;
    if (structure !== undefined) {
      if ('shrink' in structure) throw new CgesError('a CgesCallback cannot shrink the model model.fit trains; use train()');
      const { steps, accuracy, ...rest } = structure;
      if (!Number.isSafeInteger(steps) || steps <= startStep) {
        throw new CgesError(`structure.steps must be an integer > startStep (${startStep}), got ${String(steps)}`);
      }
      this.structureControl = new StructureControl(
        model, this.regularizer, resolveStructure(rest, steps), steps, this.learningRate(startStep),
        denseReference(model, false), resume?.control,
      );
      this.accuracy = accuracy;
    }
  }

  /** The structure control's state (phase, strength, target reached, masks), with `structure` only. */
  get control(): ControlState | undefined {
    return this.structureControl?.snapshot();
  }

  /** Everything the callback's future depends on, as JSON: pass it as `resume` to go on from here. */
  state(): CgesCallbackState {
    return {
      step: this.nextStep,
      ...(this.dropoutRng === undefined ? {} : { dropoutRng: this.dropoutRng.getState() }),
      ...(this.structureControl === undefined ? {} : { control: this.structureControl.snapshot() }),
    };
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
    const control = this.structureControl;
    if (control === undefined || control.regularizing) this.regularizer.proxStep(this.kernels, eta);
    this.nextStep += 1;
    control?.afterStep(this.fitModel, this.nextStep, this.accuracy);
  }
}
