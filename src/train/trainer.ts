// The training loop: seeded minibatches, one proximal-gradient step each (train_step.ts) at the
// scheduled learning rate, a display event every `displayEvery` steps and a test event every
// `testEvery` steps (and after the last one). Events carry numbers only; the CLI formats them.
// With validation examples, every evaluation reads them and the test set is read only at the last step,
// so nothing a run or its caller chooses by can have seen the test set.
// samplesPerSecond counts training-step time only (forward, backward, optimiser, prox), not batch
// assembly, evaluation or logging.
// src/train imports src/prox, src/models, src/data, src/backend and src/util only.
import type * as tfl from '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { regularizedKernels } from '../models/kernels.js';
import type { RegularizerGrouping } from './regularizers/types.js';
import { CgesError } from '../util/errors.js';
import { BatchSampler, checkImages, modelClasses, modelExampleShape, type LabelledImages } from './batches.js';
import {
  imagesFromTensors, isLabelledTensors, isStreamed, StreamSampler, type BatchSource, type LabelledTensors, type TrainingData,
} from './batch_stream.js';
import { checkLrSchedule, FINETUNE_LR_MODES, phaseLearningRate, type FinetuneLrMode, type LrSchedule } from './lr_schedule.js';
import { checkTeacherFits, distillationWeight, resolveTeacher, type Teacher } from './distillation.js';
import type { AugmentOptions } from './augment.js';
import { correctCount, denseReference, sparsityReport, testAccuracy, type LayerSparsity, type SparsityReport } from './metrics.js';
import { lossFunction, type LossName } from './losses.js';
import { makeOptimizer, type OptimizerName } from './optimizers.js';
import type { Regularizer } from './regularizers/index.js';
import { Rng } from './rng.js';
import { TrainState } from './train_state.js';
import { shrinkOptimizer, type ModelShrinker } from './shrink.js';
import { makeTrainStep, type StepDistillation, type StepRegularizer, type TrainStep } from './train_step.js';
import { featureDeviations } from './feature_scales.js';
import { resolveStructure, StructureControl, type Phase, type StructureOptions } from './structure_control.js';

export interface DisplayEvent {
  event: 'display';
  step: number;
  lr: number;
  /** Accuracy on this step's minibatch with dropout off, after the step (the original evaluates
   *  its minibatch with keep_prob 1.0). */
  trainAccuracy: number;
  /** Mean data loss (softmax cross-entropy by default) of this step's minibatch. */
  loss: number;
  layers: { name: string; sparsity: number }[];
  usingParam: number;
  /** MACs per example counting non-zero kernel weights, as on a test event. */
  macs: SparsityReport['macs'];
  /**
   * The network compaction would produce from the weights at this step: logged at every display, not just
   * every test, so the cost charts see the early steps where a target removes its units.
   */
  compacted: CompactedFigures;
  phase: Phase;
}

/** The network compaction would produce from the weights at a step, and its share of the dense one. */
export interface CompactedFigures {
  macs: number;
  params: number;
  macsFraction: number;
  paramsFraction: number;
}

export interface TestEvent {
  event: 'test';
  step: number;
  /** null before the last step of a run with validation examples: the test set is not read then. */
  testAccuracy: number | null;
  /** Accuracy on the validation examples; null when the run has none. */
  valAccuracy: number | null;
  usingParam: number;
  flopOriginal: number;
  macs: SparsityReport['macs'];
  layers: LayerSparsity[];
  compacted: CompactedFigures;
  phase: Phase;
  /** The unit-group strength multiplier a cost target's controller chose (1 otherwise). */
  strength: number;
}

/** The training model was replaced by its compaction (shrink.ts), proven equal on its logits. */
export interface ShrinkEvent {
  event: 'shrink';
  step: number;
  /** The new training model's cost (every weight counted), and its share of the dense model's. */
  macs: number;
  params: number;
  macsFraction: number;
  paramsFraction: number;
  maxAbsLogitDiff: number;
  logitScale: number;
}

export type TrainEvent = DisplayEvent | TestEvent | ShrinkEvent;

/**
 * Arrays, labelled tensors (read into arrays once: the same batches as those arrays), or for training a
 * tf.data pipeline of batches (batch_stream.ts), whose own order and batch size then apply.
 */
export interface TrainData {
  train: TrainingData;
  /** Held out of training to choose by; when given, the test set is read only at the last step. */
  val?: LabelledImages | LabelledTensors | null;
  test: LabelledImages | LabelledTensors;
}

export interface TrainOptions {
  model: tfl.LayersModel;
  data: TrainData;
  regularizer: Regularizer;
  /** The grouping the metrics count groups by (the regulariser's own). */
  grouping: RegularizerGrouping;
  /** Cost target, fine-tuning and masks (structure_control.ts); none by default. */
  structure?: StructureOptions;
  /** Total steps; a resumed state continues up to this count. */
  iterations: number;
  batchSize: number;
  schedule: LrSchedule;
  /** The learning rate once fine-tuning starts: the schedule continued (default) or rewound (lr_schedule.ts). */
  finetuneLr?: FinetuneLrMode;
  /** Distils from this model's logits (distillation.ts); needs the softmax-ce loss. */
  teacher?: Teacher;
  optimizer?: OptimizerName;
  /** The data loss on the model's output (losses.ts); softmax cross-entropy by default. */
  loss?: LossName;
  /** Seeds the shuffling, the dropout masks and the augmentation. */
  seed: number;
  /** Random crops and flips of the training images (augment.ts); none by default. */
  augment?: AugmentOptions;
  displayEvery?: number;
  testEvery?: number;
  /** Use the original code's hard-coded costs in the FLOP figure (seed-mnist). */
  originalFlopCosts?: boolean;
  onEvent?: (event: TrainEvent) => void;
  /** Called after every step, e.g. to move a progress bar. */
  onStep?: (step: number) => void;
  /** Continue this state (e.g. a restored snapshot) instead of starting a new one; its schedule applies. */
  state?: TrainState;
  /** Told when a resumed tf.data pipeline cannot be replayed and its epoch restarts (default console.warn). */
  onNotice?: (message: string) => void;
  /** Steps between onCheckpoint calls (default: never). */
  checkpointEvery?: number;
  /** Saves the state: every checkpointEvery steps, and when shouldStop ends training early. */
  onCheckpoint?: (state: TrainState) => Promise<void>;
  /** Asked after every step; true ends training there (e.g. after Ctrl-C), with a checkpoint. */
  shouldStop?: () => boolean;
  /**
   * Pauses after this step (below `iterations`) with a checkpoint and a test event there, the plan still that
   * of `iterations` steps, so that a resumed run ends as one that never paused (a sweep's early stopping
   * compares trials at such a step). A state already at or past it pauses at once, evaluated where it is.
   */
  pauseAt?: number;
}

export interface TrainResult {
  /** Its model is the final one: smaller than options.model if the run shrank (which it leaves as it was). */
  state: TrainState;
  /** shouldStop or pauseAt ended training before `iterations`; the test figures are then from the last test event. */
  stopped: boolean;
  /** pauseAt ended it: the test figures are from the step it paused at. */
  paused: boolean;
  /** null when a run with validation examples stopped early: its test set was never read. */
  testAccuracy: number | null;
  valAccuracy: number | null;
  report: SparsityReport;
  samplesPerSecond: number;
  /** Seconds spent in training steps over the whole run: a resumed run's earlier attempts, up to its checkpoint, included. */
  trainSeconds: number;
  /** Steps this call ran. */
  steps: number;
  /** The network compaction would produce from the final weights. */
  compacted: CompactedFigures;
  /** The structure control's final state: phase, target reached, masks, accuracy before fine-tuning. */
  control: NonNullable<TrainState['control']>;
}

/**
 * With pruneInputs or cropInput, the input features' scales in the training data, unless the caller gave
 * them or the data is a pipeline streamed a batch at a time (then the rows' norms alone rank the features).
 */
function withInputScales(structure: StructureOptions, examples: TrainingData): StructureOptions {
  const inputUnits = (structure.pruneInputs ?? false) || (structure.cropInput ?? false);
  if (!inputUnits || structure.inputScales !== undefined || isStreamed(examples)) return structure;
  return { ...structure, inputScales: featureDeviations(asImages(examples, 'training')) };
}

/**
 * The loss became NaN or infinite: the weights are ruined, so training cannot go on. The message names
 * what to lower; with a teacher, its soft targets' weight too, whose T^2-scaled term can outgrow the rest.
 */
export class TrainingDivergedError extends CgesError {
  constructor(readonly step: number, readonly loss: number, distilling = false) {
    super(`training diverged at step ${step}: the loss is ${loss}; lower the learning rate or lambda` +
      `${distilling ? ', or the distillation weight alpha' : ''}`);
  }
}

function checkPositiveInteger(value: number, name: string): void {
  if (!Number.isSafeInteger(value) || value <= 0) throw new CgesError(`${name} must be a positive integer, got ${value}`);
}

/** Arrays as they are, labelled tensors read into arrays. */
function asImages(data: LabelledImages | LabelledTensors, what: string): LabelledImages {
  return isLabelledTensors(data) ? imagesFromTensors(data, what) : data;
}

/** The training batches: a seeded sampler over arrays, or the pipeline's own. */
function batchSource(options: TrainOptions): BatchSource {
  const { train } = options.data;
  const exampleShape = modelExampleShape(options.model);
  if (isStreamed(train)) {
    if (options.augment !== undefined) throw new CgesError('augmentation applies to arrays; a tf.data pipeline augments in itself');
    return new StreamSampler(train, exampleShape, options.onNotice ?? ((message) => console.warn(`cges: ${message}`)));
  }
  // Class ids, one-hot encoded inside the step to the model's own output width.
  return new BatchSampler(asImages(train, 'training'), options.batchSize, options.seed, {
    labels: 'int', numClasses: modelClasses(options.model), exampleShape, augment: options.augment,
  });
}

/** A new state for a run: fresh optimiser at the first step's lr, seeded sampler and dropout RNG. */
export function createTrainState(options: TrainOptions): TrainState {
  const name = options.optimizer ?? 'sgd';
  const sampler = batchSource(options);
  // A second stream for dropout, so the batch order does not depend on how many dropout layers there are.
  const dropoutRng = new Rng(options.seed + 1);
  const optimizer = makeOptimizer(name, options.schedule.baseLr);
  return new TrainState(options.model, optimizer, name, options.schedule, sampler, dropoutRng);
}

export function checkTrainOptions(options: TrainOptions): void {
  checkPositiveInteger(options.iterations, 'iterations');
  checkPositiveInteger(options.batchSize, 'batch size');
  checkPositiveInteger(options.displayEvery ?? 100, 'display-every');
  checkPositiveInteger(options.testEvery ?? 1000, 'test-every');
  if (options.checkpointEvery !== undefined) checkPositiveInteger(options.checkpointEvery, 'checkpoint-every');
  if (options.pauseAt !== undefined) {
    checkPositiveInteger(options.pauseAt, 'pause-at');
    if (options.pauseAt >= options.iterations) {
      throw new CgesError(`pause-at must be below the iterations (${options.iterations}), got ${options.pauseAt}`);
    }
  }
  checkLrSchedule(options.schedule);
  const finetuneLr = options.finetuneLr ?? 'continue';
  if (!(FINETUNE_LR_MODES as readonly string[]).includes(finetuneLr)) {
    throw new CgesError(`finetune learning rate must be one of ${FINETUNE_LR_MODES.join(', ')}, got "${finetuneLr}"`);
  }
  if (options.teacher !== undefined) {
    resolveTeacher(options.teacher);
    if ((options.loss ?? 'softmax-ce') !== 'softmax-ce') {
      throw new CgesError(`distillation needs the softmax-ce loss, got ${options.loss}`);
    }
    checkTeacherFits(options.teacher.model, options.model);
  }
}

/** The evaluation data as arrays, checked against the model's input. */
function evaluationData(options: TrainOptions): { test: LabelledImages; val: LabelledImages | null } {
  const shape = modelExampleShape(options.model);
  const test = asImages(options.data.test, 'test');
  checkImages(test, shape, 'test');
  const val = options.data.val ? asImages(options.data.val, 'validation') : null;
  if (val) checkImages(val, shape, 'validation');
  return { test, val };
}

function compactedFigures(control: StructureControl, model: tfl.LayersModel): CompactedFigures {
  const { macs, params, macsCount, paramsCount } = control.fractions(model);
  return { macs: macsCount, params: paramsCount, macsFraction: macs, paramsFraction: params };
}

/** The accuracies an evaluation reads: validation when there is any, test only when `final` or without validation. */
export interface Evaluation {
  testAccuracy: number | null;
  valAccuracy: number | null;
}

function testEvent(
  step: number, report: SparsityReport, evaluation: Evaluation, control: StructureControl, compacted: CompactedFigures,
): TestEvent {
  const { usingParam, flopOriginal, macs, layers } = report;
  return {
    event: 'test', step, ...evaluation, usingParam, flopOriginal, macs, layers,
    compacted, phase: control.phase, strength: control.strength,
  };
}

/** The regulariser, switched off while the structure control fine-tunes. */
function phasedRegularizer(regularizer: Regularizer, control: StructureControl): StepRegularizer {
  return {
    lossTerm: (kernels, eta) => (control.regularizing ? regularizer.lossTerm(kernels, eta) : null),
    proxStep: (kernels, eta) => {
      if (control.regularizing) regularizer.proxStep(kernels, eta);
    },
  };
}

/** The teacher's soft targets, on the steps of its phase and at the weight of the step (distillationWeight). */
function phasedDistillation(
  teacher: Teacher | undefined, control: StructureControl, state: TrainState, iterations: number,
): StepDistillation | undefined {
  if (teacher === undefined) return undefined;
  const { model, temperature, alpha, phase } = resolveTeacher(teacher);
  return {
    teacher: model, temperature,
    active: () => phase === 'all' || control.phase === 'finetune',
    weight: () => distillationWeight(alpha, phase, state.step, control.finetuneStart, iterations),
  };
}

/** The step function of the state's current model, with the regulariser bound to that model. */
function bindStep(options: TrainOptions, state: TrainState, control: StructureControl): TrainStep {
  const { model } = state;
  const regularizer = options.regularizer.forModel?.(model) ?? options.regularizer;
  return makeTrainStep({
    model, optimizer: state.optimizer, regularizer: phasedRegularizer(regularizer, control),
    kernels: regularizedKernels(model), dropoutRng: state.dropoutRng,
    loss: options.loss === undefined ? undefined : lossFunction(options.loss),
    distill: phasedDistillation(options.teacher, control, state, options.iterations),
  });
}

/** Replaces the state's model by its compaction and the optimiser by one with sliced slots (shrink.ts). */
async function shrinkState(state: TrainState, control: StructureControl, shrink: ModelShrinker): Promise<ShrinkEvent> {
  const old = state.model;
  const shrunk = await shrink(old);
  const optimizer = await shrinkOptimizer(state.optimizer, state.optimizerName, old, shrunk, state.learningRate());
  state.replaceModel(shrunk.model, optimizer);
  control.shrunk(shrunk.model, state.step);
  const { macs, params, macsCount, paramsCount } = control.fractions(shrunk.model);
  return {
    event: 'shrink', step: state.step, macs: macsCount, params: paramsCount, macsFraction: macs, paramsFraction: params,
    maxAbsLogitDiff: shrunk.check.maxAbsDiff, logitScale: shrunk.check.scale,
  };
}

export async function train(options: TrainOptions): Promise<TrainResult> {
  checkTrainOptions(options);
  const { grouping, iterations } = options;
  const { test, val } = evaluationData(options);
  const displayEvery = options.displayEvery ?? 100;
  const testEvery = options.testEvery ?? 1000;
  const { checkpointEvery } = options;
  const state = options.state ?? createTrainState(options);
  if (state.model !== options.model) throw new CgesError('the train state given belongs to another model');
  const structure = resolveStructure(withInputScales(options.structure ?? {}, options.data.train), iterations);
  const firstModel = state.model;
  const control = new StructureControl(
    firstModel, options.regularizer.forModel?.(firstModel) ?? options.regularizer, structure, iterations,
    state.learningRate(), denseReference(firstModel, options.originalFlopCosts ?? false), state.control,
  );
  const { reference } = control;
  let step = bindStep(options, state, control);
  const evaluate = (final: boolean): Evaluation => ({
    testAccuracy: final || !val ? testAccuracy(state.model, test) : null,
    valAccuracy: val ? testAccuracy(state.model, val) : null,
  });
  // The accuracy when fine-tuning starts is a test figure: a run with validation examples does not read it.
  const accuracy = val ? undefined : () => testAccuracy(state.model, test);
  const firstStep = state.step;
  let trainMs = 0;
  let examples = 0;
  let lastTest: TestEvent | undefined;
  const { pauseAt } = options;
  let paused = pauseAt !== undefined && state.step >= pauseAt;
  let stopped = paused;
  while (!stopped && state.step < iterations) {
    const eta = phaseLearningRate(state.schedule, state.step, control.finetuneStart, options.finetuneLr ?? 'continue');
    const { xs, labels } = await state.sampler.next();
    examples += xs.shape[0];
    const start = performance.now();
    const { loss } = step(xs, labels, eta);
    const stepMs = performance.now() - start;
    trainMs += stepMs;
    state.trainSeconds += stepMs / 1000;
    state.step++;
    if (!Number.isFinite(loss)) {
      tf.dispose([xs, labels]);
      throw new TrainingDivergedError(state.step, loss, options.teacher !== undefined);
    }
    control.afterStep(state.model, state.step, accuracy);
    if (control.shrinkDue && structure.shrink !== undefined) {
      // Only models this run built are disposed: the caller's stays as it was.
      const old = state.model;
      // Not inside onEvent?.(...): an optional call skips evaluating its argument.
      const shrinkEvent = await shrinkState(state, control, structure.shrink);
      options.onEvent?.(shrinkEvent);
      if (old !== options.model) old.dispose();
      step = bindStep(options, state, control);
    }
    options.onStep?.(state.step);
    const last = state.step === iterations;
    const display = state.step % displayEvery === 0 || last;
    paused = state.step === pauseAt;
    const test = state.step % testEvery === 0 || last || paused;
    const { model } = state;
    const trainAccuracy = display ? correctCount(model, xs, labels) / xs.shape[0] : 0;
    tf.dispose([xs, labels]);
    if (display || test) {
      const report = sparsityReport(model, grouping, reference);
      // One structure analysis serves both events of a step.
      const compacted = compactedFigures(control, model);
      if (display) {
        options.onEvent?.({
          event: 'display', step: state.step, lr: eta, trainAccuracy, loss,
          layers: report.layers.map(({ name, sparsity }) => ({ name, sparsity })), usingParam: report.usingParam,
          macs: report.macs, compacted, phase: control.phase,
        });
      }
      if (test) {
        lastTest = testEvent(state.step, report, evaluate(last), control, compacted);
        options.onEvent?.(lastTest);
      }
    }
    // Lets signal handlers run between steps; the loop is otherwise synchronous.
    await new Promise((resolve) => setImmediate(resolve));
    stopped = (options.shouldStop?.() ?? false) || paused;
    // After this step's events, so a resumed run's log holds everything up to its checkpoint.
    if (stopped || (checkpointEvery !== undefined && state.step % checkpointEvery === 0)) {
      state.control = control.snapshot();
      await options.onCheckpoint?.(state);
    }
  }
  const steps = state.step - firstStep;
  state.control = control.snapshot();
  lastTest ??= testEvent(
    state.step, sparsityReport(state.model, grouping, reference), evaluate(!stopped), control,
    compactedFigures(control, state.model),
  );
  return {
    state,
    stopped,
    paused,
    testAccuracy: lastTest.testAccuracy,
    valAccuracy: lastTest.valAccuracy,
    report: { layers: lastTest.layers, usingParam: lastTest.usingParam, flopOriginal: lastTest.flopOriginal, macs: lastTest.macs },
    samplesPerSecond: trainMs === 0 ? 0 : (examples * 1000) / trainMs,
    trainSeconds: state.trainSeconds,
    steps,
    compacted: lastTest.compacted,
    control: control.snapshot(),
  };
}
