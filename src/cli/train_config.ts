// `cges train` settings: the chosen model's defaults (src/models/registry.ts), overridden by any flag
// given. Every value is validated here, before anything runs or is written.
import { defaultMnistDir } from '../data/mnist.js';
import { isModelName, modelDefaults, userModelDefaults } from '../models/registry.js';
import { EXCLUSIVE_FORM_ALIASES, EXCLUSIVE_FORMS, type ExclusiveForm } from '../prox/types.js';
import { LOSS_NAMES, type LossName } from '../train/losses.js';
import {
  DEFAULT_DISTILL_ALPHA, DEFAULT_DISTILL_PHASE, DEFAULT_DISTILL_TEMPERATURE, DISTILL_PHASES, type DistillPhase,
} from '../train/distillation.js';
import { FINETUNE_LR_MODES, type FinetuneLrMode } from '../train/lr_schedule.js';
import { OPTIMIZER_NAMES, type OptimizerName } from '../train/optimizers.js';
import {
  REGULARIZER_GROUPINGS, REGULARIZER_NAMES, type RegularizerGrouping, type RegularizerName,
} from '../train/regularizers/index.js';
import { CgesError } from '../util/errors.js';
import { resolveDataSettings, type DataFlags, type DataSettings } from './data_flags.js';
import {
  parseChoice, parseInteger, parseNumber, parseNumberList, parsePositiveInteger, parsePositiveNumber,
} from './flags.js';
import { compiledLoss, resolveModelFlag, resolveTeacherFlag } from './user_model.js';

/**
 * Starting points for the settings a flag does not give:
 * - `small` (the default): with the cges or group regulariser, unit groups and a cost target of
 *   DEFAULT_TARGET_MACS of the dense MACs unless one is given, dead units masked, the last
 *   quarter of the steps (at least) fine-tuning, and no hand-set per-layer group scales (the
 *   controller allocates by cost) and lambda SMALL_LAMBDA: the controller sets the group term's
 *   strength itself, so lambda only sets the exclusive term, kept light so as not to cost accuracy;
 * - `original`: the original code's settings, exactly as before cost targets existed.
 */
export const PRESETS = ['small', 'original'] as const;
export type Preset = (typeof PRESETS)[number];
export const DEFAULT_TARGET_MACS = 0.2;
export const SMALL_LAMBDA = 1e-5;

/** Raw flag values as commander hands them over (strings, or true for --force). */
export interface TrainFlags extends DataFlags {
  preset?: string;
  targetMacs?: string;
  targetParams?: string;
  finetune?: string;
  finetuneLr?: string;
  teacher?: string;
  distillTemperature?: string;
  distillAlpha?: string;
  distillPhase?: string;
  /** --no-masks gives false. */
  masks?: boolean;
  /** --no-shrink gives false. */
  shrink?: boolean;
  pruneInputs?: boolean;
  cropInput?: boolean;
  model?: string;
  loss?: string;
  reg?: string;
  lambda?: string;
  mu?: string;
  chvar?: string;
  gscale?: string;
  escale?: string;
  exclusiveProx?: string;
  grouping?: string;
  optimizer?: string;
  iterations?: string;
  batchSize?: string;
  baseLr?: string;
  stepsize?: string;
  decayRate?: string;
  displayEvery?: string;
  testEvery?: string;
  checkpointEvery?: string;
  data?: string;
  trainSize?: string;
  testSize?: string;
  seed?: string;
  backend?: string;
  threads?: string;
  out?: string;
  force?: boolean;
}

export interface TrainConfig extends DataSettings {
  preset: Preset;
  /** Fractions of the dense MACs / parameters the compacted network must fit (null: none). */
  targetMacs: number | null;
  targetParams: number | null;
  /** Fine-tuning steps at the end; null: the default (a quarter of the steps under a target, else 0). */
  finetune: number | null;
  /** The fine-tuning learning rate (lr_schedule.ts); absent in runs from before it: continue. */
  finetuneLr?: FinetuneLrMode;
  /** Distillation (src/train/distillation.ts): the teacher model's absolute path, null for none. */
  teacher?: string | null;
  distillTemperature?: number;
  distillAlpha?: number;
  distillPhase?: DistillPhase;
  masks: boolean;
  /** Go on training the compacted model once a shrink pays (needs masks). */
  shrink: boolean;
  /** Input features no unit reads go (StructureOptions.pruneInputs); absent in runs from before it. */
  pruneInputs?: boolean;
  /** The image's unread border is cropped (StructureOptions.cropInput); absent in runs from before it. */
  cropInput?: boolean;
  /** A built-in model's name, or the absolute path of the user's model (its folder or model.json). */
  model: string;
  /** The data loss (src/train/losses.ts); absent in settings saved before losses could be chosen. */
  loss: LossName;
  reg: RegularizerName;
  lambda: number;
  mu: number;
  chvar?: number;
  gscale?: number[];
  escale?: number[];
  exclusiveForm: ExclusiveForm;
  grouping: RegularizerGrouping;
  optimizer: OptimizerName;
  iterations: number;
  batchSize: number;
  baseLr: number;
  stepsize: number;
  decayRate: number;
  displayEvery: number;
  testEvery: number;
  /** Steps between checkpoints in <out>/checkpoint/ (one is also written at the end and on Ctrl-C). */
  checkpointEvery: number;
  dataDir: string;
  trainSize: number;
  testSize: number;
  seed: number;
  backend?: string;
  threads?: number;
  /** undefined: a new runs/<model>-<reg>-<timestamp> folder. */
  out?: string;
  force: boolean;
}

/** `parse(raw)` when the flag was given, else the fallback. */
function flag<T>(raw: string | undefined, parse: (raw: string) => T, fallback: T): T {
  return raw === undefined ? fallback : parse(raw);
}

/** The cost target, masks and fine-tuning a preset gives (or refuses) for the regulariser and grouping. */
function structureSettings(flags: TrainFlags, preset: Preset, reg: RegularizerName, grouping: RegularizerGrouping) {
  const fraction = (flag: string) => (raw: string) => {
    const value = parseNumber(flag, raw);
    if (!(value > 0 && value < 1)) throw new CgesError(`${flag} must be a number in (0, 1), got "${raw}"`);
    return value;
  };
  let targetMacs = flag<number | null>(flags.targetMacs, fraction('--target-macs'), null);
  const targetParams = flag<number | null>(flags.targetParams, fraction('--target-params'), null);
  const targeted = targetMacs !== null || targetParams !== null;
  if (preset === 'original' && targeted) {
    throw new CgesError('--preset original trains with the original settings: it takes no --target-macs or --target-params');
  }
  if (targeted && grouping !== 'unit') {
    throw new CgesError(`a cost target needs --grouping unit (with --reg cges or group), got --grouping ${grouping}`);
  }
  const unitGroups = grouping === 'unit' && (reg === 'cges' || reg === 'group');
  if (preset === 'small' && unitGroups && !targeted) targetMacs = DEFAULT_TARGET_MACS;
  const finetune = flag<number | null>(flags.finetune, (raw) => {
    const value = parseInteger('--finetune', raw);
    if (value < 0) throw new CgesError(`--finetune must be an integer >= 0, got "${raw}"`);
    return value;
  }, null);
  const hasTarget = targetMacs !== null || targetParams !== null;
  if (hasTarget && flags.masks === false) {
    const which = targeted ? 'a cost target' : `the small preset's cost target (--target-macs ${DEFAULT_TARGET_MACS})`;
    throw new CgesError(`--no-masks cannot be given with ${which}: removed units could come back and the run would ` +
      'not end at its target; drop --no-masks, or use --preset original');
  }
  const masks = flags.masks ?? hasTarget;
  if (flags.shrink === true && !masks) throw new CgesError('--shrink needs masks: give --masks or a cost target');
  if (flags.pruneInputs === true && flags.cropInput === true) {
    throw new CgesError('--crop-input cannot be given with --prune-inputs: selecting the read features already drops the unread border');
  }
  return {
    targetMacs, targetParams, finetune, masks, shrink: flags.shrink ?? (hasTarget && masks),
    pruneInputs: flags.pruneInputs ?? false, cropInput: flags.cropInput ?? false,
  };
}

/** --teacher and its settings, and --finetune-lr; the distillation flags need a teacher. */
function recoverySettings(flags: TrainFlags, loss: string) {
  const teacher = flags.teacher === undefined ? null : resolveTeacherFlag(flags.teacher);
  if (teacher === null) {
    const stray = flags.distillTemperature !== undefined ? '--distill-temperature'
      : flags.distillAlpha !== undefined ? '--distill-alpha' : flags.distillPhase !== undefined ? '--distill-phase' : null;
    if (stray !== null) throw new CgesError(`${stray} needs --teacher PATH, the model to distil from`);
  } else if (loss !== 'softmax-ce') {
    throw new CgesError(`--teacher needs --loss softmax-ce: distillation matches class probabilities, got --loss ${loss}`);
  }
  return {
    finetuneLr: parseChoice('--finetune-lr', flags.finetuneLr ?? 'continue', FINETUNE_LR_MODES),
    teacher,
    distillTemperature: flag(flags.distillTemperature, (raw) => parsePositiveNumber('--distill-temperature', raw),
      DEFAULT_DISTILL_TEMPERATURE),
    distillAlpha: flag(flags.distillAlpha, (raw) => parseNumber('--distill-alpha', raw, { min: 0, max: 1 }), DEFAULT_DISTILL_ALPHA),
    distillPhase: parseChoice('--distill-phase', flags.distillPhase ?? DEFAULT_DISTILL_PHASE, DISTILL_PHASES),
  };
}

export function resolveTrainConfig(flags: TrainFlags): TrainConfig {
  const preset = parseChoice('--preset', flags.preset ?? 'small', PRESETS);
  const model = resolveModelFlag(flags.model ?? 'seed-mnist');
  const builtin = isModelName(model);
  const defaults = builtin ? modelDefaults(model) : userModelDefaults();
  // A built-in model trains on softmax cross-entropy; a user's, on the loss it was compiled with if any.
  const loss = flags.loss ?? (builtin ? null : compiledLoss(model)) ?? 'softmax-ce';
  const int = (name: string) => (raw: string) => parsePositiveInteger(name, raw);
  const reg = parseChoice('--reg', flags.reg ?? 'cges', REGULARIZER_NAMES);
  const unitPreset = preset === 'small' && (reg === 'cges' || reg === 'group');
  const grouping = parseChoice('--grouping', flags.grouping ?? (unitPreset ? 'unit' : 'input'), REGULARIZER_GROUPINGS);
  // The controller allocates unit groups by cost, so the small preset drops hand-set group scales.
  const unitSmall = unitPreset && grouping === 'unit';
  const gscaleDefault = unitSmall ? undefined : defaults.gscale;
  return {
    preset,
    ...structureSettings(flags, preset, reg, grouping),
    ...recoverySettings(flags, loss),
    model,
    loss: parseChoice('--loss', loss, LOSS_NAMES),
    reg,
    lambda: flag(flags.lambda, (raw) => parseNumber('--lambda', raw, { min: 0 }), unitSmall ? SMALL_LAMBDA : defaults.lambda),
    mu: flag(flags.mu, (raw) => parseNumber('--mu', raw, { min: 0, max: 1 }), defaults.mu),
    chvar: flag<number | undefined>(flags.chvar, (raw) => parseNumber('--chvar', raw), defaults.chvar),
    gscale: flag<number[] | undefined>(flags.gscale, (raw) => parseNumberList('--gscale', raw), gscaleDefault),
    escale: flag<number[] | undefined>(flags.escale, (raw) => parseNumberList('--escale', raw), defaults.escale),
    exclusiveForm: parseChoice('--exclusive-prox', flags.exclusiveProx ?? 'original', EXCLUSIVE_FORMS, EXCLUSIVE_FORM_ALIASES),
    grouping,
    optimizer: parseChoice('--optimizer', flags.optimizer ?? defaults.optimizer ?? 'sgd', OPTIMIZER_NAMES),
    iterations: flag(flags.iterations, int('--iterations'), defaults.iterations),
    batchSize: flag(flags.batchSize, int('--batch-size'), defaults.batchSize),
    baseLr: flag(flags.baseLr, (raw) => parsePositiveNumber('--base-lr', raw), defaults.baseLr),
    stepsize: flag(flags.stepsize, int('--stepsize'), defaults.stepsize),
    decayRate: flag(flags.decayRate, (raw) => parsePositiveNumber('--decay-rate', raw), defaults.decayRate),
    displayEvery: flag(flags.displayEvery, int('--display-every'), 100),
    testEvery: flag(flags.testEvery, int('--test-every'), 1000),
    checkpointEvery: flag(flags.checkpointEvery, int('--checkpoint-every'), 1000),
    dataDir: flags.data ?? defaultMnistDir(),
    ...resolveDataSettings(flags),
    trainSize: flag(flags.trainSize, int('--train-size'), 55000),
    testSize: flag(flags.testSize, int('--test-size'), 10000),
    seed: flag(flags.seed, (raw) => parseInteger('--seed', raw), 1),
    backend: flags.backend,
    threads: flag<number | undefined>(flags.threads, int('--threads'), undefined),
    out: flags.out,
    force: flags.force ?? false,
  };
}
