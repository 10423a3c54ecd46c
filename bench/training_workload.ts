// One network's CGES training step on a fixed random batch (100 unless asked otherwise), built on the current backend exactly
// as `cges train` builds it (model registry, SGD, the cges regulariser with the model's defaults).
// Call makeTrainingWorkload after tf.setBackend: the model's variables live on that backend.
import * as tf from '@tensorflow/tfjs-core';
import { regularizedKernels } from '../src/models/kernels.js';
import { buildModel, modelDefaults } from '../src/models/registry.js';
import { makeOptimizer } from '../src/train/optimizers.js';
import { makeRegularizer, type Regularizer } from '../src/train/regularizers/index.js';
import { makeTrainStep, type StepResult } from '../src/train/train_step.js';

export const BATCH_SIZE = 100;
const IMAGE_SHAPE = [28, 28, 1] as const;
const CLASSES = 10;

export interface TrainingWorkload {
  /** One full step: forward, backward, SGD, CGES prox. */
  step(): StepResult;
  /** The CGES proximal step alone, on every kernel. */
  prox(): void;
  dispose(): void;
}

/** The cges regulariser at the network's defaults, as `cges train --preset original` builds it. */
export function defaultCgesRegularizer(network: string): Regularizer {
  const defaults = modelDefaults(network);
  return makeRegularizer('cges', {
    lambda: defaults.lambda, mu: defaults.mu, chvar: defaults.chvar,
    gscale: defaults.gscale, escale: defaults.escale, grouping: 'input', exclusiveForm: 'original',
  });
}

export function makeTrainingWorkload(network: string, batchSize = BATCH_SIZE): TrainingWorkload {
  const defaults = modelDefaults(network);
  const eta = defaults.baseLr;
  const model = buildModel(network, { seed: 1 });
  const kernels = regularizedKernels(model);
  const optimizer = makeOptimizer('sgd', eta);
  const regularizer = defaultCgesRegularizer(network);
  const trainStep = makeTrainStep({ model, optimizer, regularizer, kernels });
  const xs = tf.randomUniform([batchSize, ...IMAGE_SHAPE], 0, 1, 'float32', 7) as tf.Tensor4D;
  const labels = tf.tidy(() => tf.randomUniform([batchSize], 0, CLASSES, 'int32', 8));
  return {
    step: () => trainStep(xs, labels, eta),
    prox: () => regularizer.proxStep(kernels, eta),
    dispose: () => {
      model.dispose();
      optimizer.dispose();
      tf.dispose([xs, labels]);
    },
  };
}
