// Small models and fake MNIST-shaped data for the training tests: fast on the cpu backend.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LabelledImages } from '../../src/train/batches.js';
import { makeRegularizer } from '../../src/train/regularizers/index.js';
import type { TrainData, TrainOptions } from '../../src/train/trainer.js';
import { Rng } from '../../src/train/rng.js';

/** conv 3x3x2 -> flatten -> dense 8 relu -> dropout 0.5 -> dense 3 on 28x28x1: every kind of layer the loop meets. */
export function tinyConvNet(seed: number): tfl.LayersModel {
  const init = (k: number) => tfl.initializers.glorotUniform({ seed: seed * 10 + k });
  const model = tfl.sequential({ name: 'tiny' });
  model.add(tfl.layers.conv2d({
    inputShape: [28, 28, 1], filters: 2, kernelSize: 3, strides: 3, activation: 'relu', kernelInitializer: init(0),
  }));
  model.add(tfl.layers.flatten());
  model.add(tfl.layers.dense({ units: 8, activation: 'relu', kernelInitializer: init(1) }));
  model.add(tfl.layers.dropout({ rate: 0.5 }));
  model.add(tfl.layers.dense({ units: 3, kernelInitializer: init(2) }));
  return model;
}

/** conv 4x4/4 (8) -> conv 3x3 (8) -> flatten -> dense 16 relu -> dense 3: units to remove in three layers. */
export function twoConvNet(seed: number): tfl.LayersModel {
  const init = (k: number) => tfl.initializers.glorotUniform({ seed: seed * 10 + k });
  const model = tfl.sequential();
  // Named, so that two instances log the same layer names.
  model.add(tfl.layers.conv2d({
    name: 'conv1', inputShape: [28, 28, 1], filters: 8, kernelSize: 4, strides: 4, activation: 'relu',
    kernelInitializer: init(0),
  }));
  model.add(tfl.layers.conv2d({
    name: 'conv2', filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1),
  }));
  model.add(tfl.layers.flatten({ name: 'flatten' }));
  model.add(tfl.layers.dense({ name: 'fc1', units: 16, activation: 'relu', kernelInitializer: init(2) }));
  model.add(tfl.layers.dense({ name: 'fc2', units: 3, kernelInitializer: init(3) }));
  return model;
}

/** n random 28x28 images with labels in 0..2 that depend on the image (so there is something to learn). */
export function fakeMnist(n: number, seed: number): LabelledImages {
  const rng = new Rng(seed);
  const images = new Float32Array(n * 784);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = rng.nextInt(3);
    for (let p = 0; p < 784; p++) images[i * 784 + p] = rng.nextFloat() * 0.5 + (p % 3 === labels[i] ? 0.5 : 0);
  }
  return { images, labels, count: n };
}

/**
 * A short CGES run of tinyConvNet(modelSeed) with momentum (so optimiser state matters) and a learning-rate
 * decay inside the run (so the schedule position matters too): what resume tests need to be exact about.
 */
export function resumableRun(data: TrainData, modelSeed: number, iterations: number, extra: Partial<TrainOptions> = {}): TrainOptions {
  return {
    model: tinyConvNet(modelSeed),
    data,
    regularizer: makeRegularizer('cges', { lambda: 1e-2, mu: 0.8, grouping: 'input', exclusiveForm: 'original' }),
    grouping: 'input',
    iterations,
    batchSize: 7,
    schedule: { baseLr: 0.05, stepsize: 4, decayRate: 0.5 },
    optimizer: 'momentum',
    seed: 11,
    displayEvery: 100,
    testEvery: 100,
    ...extra,
  };
}

/**
 * A short CGES run with unit groups (lambda 1e-4) of `model` on 200 fake MNIST examples, batch 10, testing
 * every 10 steps: what the cost-target tests train; `extra` sets the rest (structure, iterations).
 */
export function unitGroupRun(model: tfl.LayersModel, extra: Partial<TrainOptions> = {}): TrainOptions {
  return {
    model, data: { train: fakeMnist(200, 1), test: fakeMnist(40, 2) },
    regularizer: makeRegularizer('cges', { lambda: 1e-4, mu: 0.8, grouping: 'unit', exclusiveForm: 'original' }),
    grouping: 'unit', iterations: 40, batchSize: 10, seed: 5, schedule: { baseLr: 0.05, stepsize: 100, decayRate: 1 },
    displayEvery: 10, testEvery: 10, ...extra,
  };
}

/**
 * Dense 4 -> 3 -> 2 -> 2, relu, no biases, for norms by hand: d1's columns hold `columns` throughout, so its
 * unit norms are sqrt(4 c^2 + 2) (a column of 4, a row of 2 ones); d2 and out are all ones, d2's unit norms
 * sqrt(3 + 2). MACs 4*3 + 3*2 + 2*2 = 22; parameters the same.
 */
export function handDenseNet(columns: [number, number, number]): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ name: 'd1', inputShape: [4], units: 3, useBias: false, activation: 'relu' }));
  model.add(tfl.layers.dense({ name: 'd2', units: 2, useBias: false, activation: 'relu' }));
  model.add(tfl.layers.dense({ name: 'out', units: 2, useBias: false }));
  tf.tidy(() => {
    model.getLayer('d1').setWeights([tf.mul(tf.ones([4, 3]), tf.tensor1d(columns))]);
    model.getLayer('d2').setWeights([tf.ones([3, 2])]);
    model.getLayer('out').setWeights([tf.ones([2, 2])]);
  });
  return model;
}
