// The models the CLI can train, by name, with the hyper-parameters each starts from.
import type * as tfl from '@tensorflow/tfjs-layers';
import { CgesError } from '../util/errors.js';
import type { BuildOptions } from './build_options.js';
import { buildLenet300100 } from './lenet_300_100.js';
import { buildLenet5 } from './lenet5.js';
import { buildMobilenet } from './mobilenet.js';
import { buildResnet } from './resnet.js';
import { buildSeedMnist } from './seed_mnist.js';
import { buildVgg } from './vgg.js';
import { SEED_MNIST_SCALES } from '../prox/schedule.js';

export const MODEL_NAMES = ['seed-mnist', 'lenet-300-100', 'lenet5', 'resnet', 'mobilenet', 'vgg'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

/** Training and CGES settings a model starts from; the CLI's flags override them. */
export interface ModelDefaults {
  lambda: number;
  mu: number;
  /** Change of mu per layer; undefined means the depth-based default (2*mu - 1) / (L - 1). */
  chvar?: number;
  /** Per-layer multipliers of the group / exclusive coefficients; undefined means all 1. */
  gscale?: number[];
  escale?: number[];
  iterations: number;
  batchSize: number;
  baseLr: number;
  /** Staircase decay: lr = baseLr * decayRate^floor(step / stepsize). */
  stepsize: number;
  decayRate: number;
  /** The optimiser's name (src/train/optimizers.ts); undefined means plain SGD, the original's. */
  optimizer?: string;
}

const BUILDERS: Record<ModelName, (options: BuildOptions) => tfl.LayersModel> = {
  'seed-mnist': buildSeedMnist,
  'lenet-300-100': buildLenet300100,
  lenet5: buildLenet5,
  resnet: buildResnet,
  mobilenet: buildMobilenet,
  vgg: buildVgg,
};

// seed-mnist keeps the original settings. The LeNets keep the original schedule's form (plain SGD, batch
// 100, lr 0.05 * 0.9^floor(step / stepsize)) over budgets of a few minutes on one core, decaying every
// budget/6 steps as the original does (5,000 of 30,000): lenet-300-100 6,000 steps, lenet5 3,000. At
// those budgets the original lambda (6e-5) barely sparsifies either net, so lambda was picked from short
// runs with one onednn thread (seed 1, full MNIST), against an L2 run (0.01) of the same budget:
//   lenet-300-100, L2:                        test accuracy 0.9693, using param 1.000
//     cges lambda 5e-4, escale 1,1,0.1:       0.9507, 0.676 (no zero groups)
//     cges lambda 1e-3, escale 1,1,0.1:       0.9438, 0.425 (238/784 zero input rows, 224/300 fc1 alive)
//     cges lambda 1e-3, no scales:            0.9365, 0.400
//     cges lambda 2e-3, escale 1,1,0.1:       0.9309, 0.220
//     cges lambda 2e-3, no scales:            0.9201, 0.203
//   lenet5, L2:                               test accuracy 0.9877, using param 1.000
//     cges lambda 6e-4 (stopped at 2,000):    0.9778, 0.911 (zeros fade back as it trains)
//     cges lambda 2e-3:                       0.9705, 0.451 (fc1 83/800 zero rows, 299/500 units alive)
//     cges lambda 5e-3 (stopped at 1,500):    0.9372, 0.164
// lenet-300-100's exclusive scale on its 100x10 output layer is 0.1: there (group 0.2, exclusive 0.8)
// the exclusive term pushes each hidden unit towards one class; it cost accuracy (see above) and only
// ever zeroed a few hundred of that layer's 1,000 weights.
const LENET_SCHEDULE = { batchSize: 100, baseLr: 0.05, decayRate: 0.9 };

// The BatchNorm networks keep the LeNets' schedule (plain SGD, batch 100, lr 0.05 * 0.9^floor(step /
// stepsize), a decay every sixth of the budget) over 2,000 steps. lambda applies only to --preset original
// and the grouped regularisers outside the small preset; it was not tuned on these networks.
const BATCH_NORM_SCHEDULE = { lambda: 1e-3, mu: 0.8, iterations: 2000, stepsize: 334, optimizer: 'sgd', ...LENET_SCHEDULE };
const BATCH_NORM_DEFAULTS: Record<'resnet' | 'mobilenet' | 'vgg', ModelDefaults> = {
  resnet: BATCH_NORM_SCHEDULE, mobilenet: BATCH_NORM_SCHEDULE, vgg: BATCH_NORM_SCHEDULE,
};

const DEFAULTS: Record<ModelName, ModelDefaults> = {
  'seed-mnist': {
    lambda: 6e-5, mu: 0.8, chvar: 0.2,
    gscale: [...SEED_MNIST_SCALES.gscale], escale: [...SEED_MNIST_SCALES.escale],
    iterations: 30000, batchSize: 100, baseLr: 0.05, stepsize: 5000, decayRate: 0.9,
  },
  'lenet-300-100': {
    lambda: 1e-3, mu: 0.8, escale: [1, 1, 0.1],
    iterations: 6000, stepsize: 1000, ...LENET_SCHEDULE,
  },
  lenet5: { lambda: 2e-3, mu: 0.8, iterations: 3000, stepsize: 500, ...LENET_SCHEDULE },
  ...BATCH_NORM_DEFAULTS,
};

// A model of the user's own (cges train --model PATH) usually starts trained: the LeNets' schedule at a
// fifth of their learning rate, 2,000 steps, as fine-tuning goes.
const USER_MODEL_DEFAULTS: ModelDefaults = {
  lambda: 1e-3, mu: 0.8, iterations: 2000, batchSize: 100, baseLr: 0.01, stepsize: 334, decayRate: 0.9, optimizer: 'sgd',
};

/** A fresh copy of the defaults a model of the user's own starts from. */
export function userModelDefaults(): ModelDefaults {
  return { ...USER_MODEL_DEFAULTS };
}

export function isModelName(name: string): name is ModelName {
  return (MODEL_NAMES as readonly string[]).includes(name);
}

function checkedName(name: string): ModelName {
  if (!isModelName(name)) {
    throw new CgesError(`unknown model "${name}"; valid models: ${MODEL_NAMES.join(', ')}`);
  }
  return name;
}

export function buildModel(name: string, options: BuildOptions = {}): tfl.LayersModel {
  const model = checkedName(name);
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) {
    throw new CgesError(`model seed must be an integer, got ${options.seed}`);
  }
  return BUILDERS[model](options);
}

/** A fresh copy of the model's defaults (callers may change it). */
export function modelDefaults(name: string): ModelDefaults {
  const defaults = DEFAULTS[checkedName(name)];
  return {
    ...defaults,
    gscale: defaults.gscale === undefined ? undefined : [...defaults.gscale],
    escale: defaults.escale === undefined ? undefined : [...defaults.escale],
  };
}
