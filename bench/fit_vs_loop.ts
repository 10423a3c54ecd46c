// `npm run bench -- --fit`: TF.js users train with model.fit; with CgesCallback the prox runs after each
// batch. This times seed-mnist's CGES training step three ways on the same data, in alternating rounds:
// - cges's own loop (makeTrainStep, as `cges train` runs it; the batch tensors made from host arrays as
//   BatchSampler makes them);
// - model.fit + CgesCallback with TF.js's own SGD (`tf.train.sgd`), what a user writes first;
// - model.fit + CgesCallback with cges's in-place SGD (`makeOptimizer('sgd', lr)` in model.compile).
// Each is whole wall time per batch, batch gathering and callbacks included. model.fit gets a training set
// of MNIST's size (55,000 examples), as users pass it: every batch is gathered from the whole set, so a
// gather whose cost grows with the set shows here. Each fit stops after the timed batches.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { regularizedKernels } from '../src/models/kernels.js';
import { buildModel, modelDefaults } from '../src/models/registry.js';
import { makeOptimizer } from '../src/train/optimizers.js';
import { CgesCallback } from '../src/train/regularizers/index.js';
import { makeTrainStep } from '../src/train/train_step.js';
import { median } from './timing.js';
import { BATCH_SIZE, defaultCgesRegularizer } from './training_workload.js';

export interface FitComparison {
  network: string;
  /** Examples in the set model.fit gathers its batches from. */
  examples: number;
  batchesPerRound: number;
  rounds: number;
  /** Median milliseconds per batch. */
  loopMs: number;
  fitMs: number;
  fitInPlaceMs: number;
}

const NETWORK = 'seed-mnist';
const CLASSES = 10;
/** MNIST's training split as cges train uses it (--train-size's default). */
const TRAINING_EXAMPLES = 55_000;

/** Random images and labels for `count` examples, as host arrays. */
function hostData(count: number): { images: Float32Array; labels: Int32Array } {
  const images = Float32Array.from({ length: count * 784 }, (_, i) => ((i * 2654435761) % 1000) / 1000);
  const labels = Int32Array.from({ length: count }, (_, i) => (i * 7) % CLASSES);
  return { images, labels };
}

function timeLoop(model: tfl.LayersModel, data: ReturnType<typeof hostData>, batches: number, eta: number): number {
  const optimizer = makeOptimizer('sgd', eta);
  const step = makeTrainStep({ model, optimizer, regularizer: defaultCgesRegularizer(NETWORK), kernels: regularizedKernels(model) });
  const start = performance.now();
  for (let b = 0; b < batches; b++) {
    const from = b * BATCH_SIZE;
    const xs = tf.tensor4d(data.images.subarray(from * 784, (from + BATCH_SIZE) * 784), [BATCH_SIZE, 28, 28, 1]);
    const labels = tf.tensor1d(data.labels.subarray(from, from + BATCH_SIZE), 'int32');
    step(xs, labels, eta);
    tf.dispose([xs, labels]);
  }
  const ms = (performance.now() - start) / batches;
  optimizer.dispose();
  return ms;
}

async function timeFit(
  model: tfl.LayersModel, xs: tf.Tensor, ys: tf.Tensor, batches: number, eta: number, inPlace: boolean,
): Promise<number> {
  const optimizer = inPlace ? makeOptimizer('sgd', eta) : tf.train.sgd(eta);
  model.compile({ optimizer, loss: (labels: tf.Tensor, logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(labels, logits) });
  const callback = new CgesCallback(model, defaultCgesRegularizer(NETWORK), { learningRate: eta });
  const stop = new tfl.CustomCallback({
    onBatchEnd: async (batch: number) => { if (batch + 1 >= batches) model.stopTraining = true; },
  });
  const start = performance.now();
  await model.fit(xs, ys, { batchSize: BATCH_SIZE, epochs: 1, callbacks: [callback, stop], verbose: 0 });
  const ms = (performance.now() - start) / batches;
  optimizer.dispose();
  return ms;
}

export async function compareFitWithLoop(quick: boolean): Promise<FitComparison> {
  const batches = quick ? 5 : 30;
  const rounds = quick ? 1 : 5;
  const eta = modelDefaults(NETWORK).baseLr;
  const data = hostData(TRAINING_EXAMPLES);
  const xs = tf.tensor4d(data.images, [TRAINING_EXAMPLES, 28, 28, 1]);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(data.labels, 'int32'), CLASSES));
  const model = buildModel(NETWORK, { seed: 1 });
  const times = { loop: [] as number[], fit: [] as number[], fitInPlace: [] as number[] };
  try {
    // A first round of each warms primitives and JIT; it is not counted.
    for (let round = -1; round < rounds; round++) {
      const loop = timeLoop(model, data, batches, eta);
      const fit = await timeFit(model, xs, ys, batches, eta, false);
      const fitInPlace = await timeFit(model, xs, ys, batches, eta, true);
      if (round < 0) continue;
      times.loop.push(loop);
      times.fit.push(fit);
      times.fitInPlace.push(fitInPlace);
    }
  } finally {
    tf.dispose([xs, ys]);
    model.dispose();
  }
  return {
    network: NETWORK, examples: TRAINING_EXAMPLES, batchesPerRound: batches, rounds,
    loopMs: median(times.loop), fitMs: median(times.fit), fitInPlaceMs: median(times.fitInPlace),
  };
}
