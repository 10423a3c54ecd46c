// Small models and fake MNIST-shaped data for the training tests: fast on the cpu backend.
import * as tfl from '@tensorflow/tfjs-layers';
import type { LabelledImages } from '../../src/train/batches.js';
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
