// `cges train` settings: the chosen model's defaults (src/models/registry.ts), overridden by any flag
// given. Every value is validated here, before anything runs or is written.
import { defaultMnistDir } from '../data/mnist.js';
import { MODEL_NAMES, modelDefaults, type ModelName } from '../models/registry.js';
import { EXCLUSIVE_FORMS, GROUPINGS, type ExclusiveForm, type Grouping } from '../prox/types.js';
import { OPTIMIZER_NAMES, type OptimizerName } from '../train/optimizers.js';
import { REGULARIZER_NAMES, type RegularizerName } from '../train/regularizers/index.js';
import {
  parseChoice, parseInteger, parseNumber, parseNumberList, parsePositiveInteger, parsePositiveNumber,
} from './flags.js';

/** Raw flag values as commander hands them over (strings, or true for --force). */
export interface TrainFlags {
  model?: string;
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

export interface TrainConfig {
  model: ModelName;
  reg: RegularizerName;
  lambda: number;
  mu: number;
  chvar?: number;
  gscale?: number[];
  escale?: number[];
  exclusiveForm: ExclusiveForm;
  grouping: Grouping;
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

export function resolveTrainConfig(flags: TrainFlags): TrainConfig {
  const model = parseChoice('--model', flags.model ?? 'seed-mnist', MODEL_NAMES);
  const defaults = modelDefaults(model);
  const int = (name: string) => (raw: string) => parsePositiveInteger(name, raw);
  return {
    model,
    reg: parseChoice('--reg', flags.reg ?? 'cges', REGULARIZER_NAMES),
    lambda: flag(flags.lambda, (raw) => parseNumber('--lambda', raw, { min: 0 }), defaults.lambda),
    mu: flag(flags.mu, (raw) => parseNumber('--mu', raw, { min: 0, max: 1 }), defaults.mu),
    chvar: flag<number | undefined>(flags.chvar, (raw) => parseNumber('--chvar', raw), defaults.chvar),
    gscale: flag<number[] | undefined>(flags.gscale, (raw) => parseNumberList('--gscale', raw), defaults.gscale),
    escale: flag<number[] | undefined>(flags.escale, (raw) => parseNumberList('--escale', raw), defaults.escale),
    exclusiveForm: parseChoice('--exclusive-prox', flags.exclusiveProx ?? 'seed', EXCLUSIVE_FORMS),
    grouping: parseChoice('--grouping', flags.grouping ?? 'input', GROUPINGS),
    optimizer: parseChoice('--optimizer', flags.optimizer ?? 'sgd', OPTIMIZER_NAMES),
    iterations: flag(flags.iterations, int('--iterations'), defaults.iterations),
    batchSize: flag(flags.batchSize, int('--batch-size'), defaults.batchSize),
    baseLr: flag(flags.baseLr, (raw) => parsePositiveNumber('--base-lr', raw), defaults.baseLr),
    stepsize: flag(flags.stepsize, int('--stepsize'), defaults.stepsize),
    decayRate: flag(flags.decayRate, (raw) => parsePositiveNumber('--decay-rate', raw), defaults.decayRate),
    displayEvery: flag(flags.displayEvery, int('--display-every'), 100),
    testEvery: flag(flags.testEvery, int('--test-every'), 1000),
    checkpointEvery: flag(flags.checkpointEvery, int('--checkpoint-every'), 1000),
    dataDir: flags.data ?? defaultMnistDir(),
    trainSize: flag(flags.trainSize, int('--train-size'), 55000),
    testSize: flag(flags.testSize, int('--test-size'), 10000),
    seed: flag(flags.seed, (raw) => parseInteger('--seed', raw), 1),
    backend: flags.backend,
    threads: flag<number | undefined>(flags.threads, int('--threads'), undefined),
    out: flags.out,
    force: flags.force ?? false,
  };
}
