// How much of a training step the data work takes: drawing a batch of CIFAR-shaped examples (32x32x3, 100
// classes) from memory as the trainer does (BatchSampler.next: the gather, the tensors, and with
// --augment the crops and flips), against the step itself (forward, backward, SGD, CGES prox) of a
// VGG-style network at batch 100 on the current backend. Target: data work <= 5% of the step time.
// The network is built here (VGG's 3x3 conv pairs, 64-128-256, pooled, then dense 512 and 100 logits)
// until the model registry has its own vgg.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { regularizedKernels } from '../src/models/kernels.js';
import { BatchSampler, type LabelledImages } from '../src/train/batches.js';
import { makeOptimizer } from '../src/train/optimizers.js';
import { makeRegularizer } from '../src/train/regularizers/index.js';
import { Rng } from '../src/train/rng.js';
import { makeTrainStep } from '../src/train/train_step.js';
import { median } from './timing.js';

const SHAPE: [number, number, number] = [32, 32, 3];
const CLASSES = 100;
const BATCH = 100;

export interface DataShareResult {
  backend: string;
  batchSize: number;
  /** Median milliseconds of one training step (without drawing its batch). */
  stepMs: number;
  /** Median milliseconds to draw one batch, plain and augmented. */
  batchMs: number;
  augmentedBatchMs: number;
  /** batchMs / stepMs and augmentedBatchMs / stepMs. */
  share: number;
  augmentedShare: number;
}

function vggLike(): tfl.LayersModel {
  let seed = 300;
  const init = () => tfl.initializers.heNormal({ seed: ++seed });
  const model = tfl.sequential({ name: 'vgg-like' });
  model.add(tfl.layers.inputLayer({ inputShape: SHAPE }));
  for (const filters of [64, 128, 256]) {
    for (let k = 0; k < 2; k++) {
      model.add(tfl.layers.conv2d({ filters, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init() }));
    }
    model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  }
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({ units: 512, activation: 'relu', kernelInitializer: init() }));
  model.add(tfl.layers.dense({ units: CLASSES, kernelInitializer: init() }));
  return model;
}

/** 5,000 random CIFAR-shaped examples: the sampler's work does not depend on the values. */
function cifarShaped(count: number): LabelledImages {
  const rng = new Rng(5);
  const images = Float32Array.from({ length: count * SHAPE[0] * SHAPE[1] * SHAPE[2] }, () => rng.nextFloat());
  const labels = Uint8Array.from({ length: count }, () => rng.nextInt(CLASSES));
  return { images, labels, count };
}

/** Median milliseconds of `draws` batches from a sampler (after two untimed ones). */
function batchMs(sampler: BatchSampler, draws: number): number {
  const times: number[] = [];
  for (let i = 0; i < draws + 2; i++) {
    const start = performance.now();
    const { xs, labels } = sampler.next();
    const ms = performance.now() - start;
    tf.dispose([xs, labels]);
    if (i >= 2) times.push(ms);
  }
  return median(times);
}

export function measureDataShare(quick: boolean): DataShareResult {
  const data = cifarShaped(5000);
  const options = { labels: 'int', numClasses: CLASSES, imageShape: SHAPE } as const;
  const plain = new BatchSampler(data, BATCH, 1, options);
  const augmented = new BatchSampler(data, BATCH, 1, { ...options, augment: {} });
  const model = vggLike();
  const optimizer = makeOptimizer('sgd', 0.01);
  const regularizer = makeRegularizer('cges', { lambda: 1e-5, mu: 0.8, grouping: 'input', exclusiveForm: 'original' });
  const step = makeTrainStep({ model, optimizer, regularizer, kernels: regularizedKernels(model), dropoutRng: new Rng(2) });
  const steps = quick ? 3 : 6;
  const stepTimes: number[] = [];
  for (let i = 0; i < steps + 1; i++) {
    const { xs, labels } = plain.next();
    const start = performance.now();
    step(xs, labels, 0.01);
    const ms = performance.now() - start;
    tf.dispose([xs, labels]);
    if (i >= 1) stepTimes.push(ms);
  }
  const stepMs = median(stepTimes);
  const draws = quick ? 10 : 30;
  const result = { plain: batchMs(plain, draws), augmented: batchMs(augmented, draws) };
  optimizer.dispose();
  model.dispose();
  return {
    backend: tf.getBackend(), batchSize: BATCH, stepMs, batchMs: result.plain, augmentedBatchMs: result.augmented,
    share: result.plain / stepMs, augmentedShare: result.augmented / stepMs,
  };
}
