// The original CGES MNIST network, layer for layer: two 5x5 SAME conv + 2x2 max-pool stages, a 1024-unit
// dense layer with dropout, and a 10-way logits layer (no softmax: the loss applies it). Other input
// shapes and class counts build the same layers around them.
// Kernels ~ truncated normal (std 0.1, cut at 2 std), biases 0.1, as in the original code.
// 3,273,504 kernel weights: 5*5*1*32 + 5*5*32*64 + 3136*1024 + 1024*10.
import * as tfl from '@tensorflow/tfjs-layers';
import { dataShape, layerSeed, type BuildOptions } from './build_options.js';

export { MNIST_INPUT_SHAPE } from './build_options.js';

export function buildSeedMnist(options: BuildOptions = {}): tfl.LayersModel {
  const kernel = (k: number) => tfl.initializers.truncatedNormal({ stddev: 0.1, seed: layerSeed(options, k) });
  const bias = () => tfl.initializers.constant({ value: 0.1 });
  const conv = (name: string, filters: number, k: number) =>
    tfl.layers.conv2d({
      name, filters, kernelSize: 5, padding: 'same', activation: 'relu',
      kernelInitializer: kernel(k), biasInitializer: bias(),
    });
  const { inputShape, numClasses } = dataShape(options);
  const model = tfl.sequential({ name: 'seed_mnist' });
  model.add(tfl.layers.inputLayer({ inputShape }));
  model.add(conv('conv1', 32, 0));
  model.add(tfl.layers.maxPooling2d({ name: 'pool1', poolSize: 2, strides: 2, padding: 'same' }));
  model.add(conv('conv2', 64, 1));
  model.add(tfl.layers.maxPooling2d({ name: 'pool2', poolSize: 2, strides: 2, padding: 'same' }));
  model.add(tfl.layers.flatten({ name: 'flatten' }));
  model.add(tfl.layers.dense({
    name: 'fc1', units: 1024, activation: 'relu', kernelInitializer: kernel(2), biasInitializer: bias(),
  }));
  // No seed here: a seeded tfjs-layers Dropout redraws the same mask at every step. The trainer gives
  // it a fresh seed from the run's RNG before each step instead (src/train/dropout_seeds.ts).
  model.add(tfl.layers.dropout({ name: 'dropout', rate: 0.5 }));
  model.add(tfl.layers.dense({ name: 'fc2', units: numClasses, kernelInitializer: kernel(3), biasInitializer: bias() }));
  return model;
}
