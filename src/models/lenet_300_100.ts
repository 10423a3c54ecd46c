// LeNet-300-100: a fully connected 784-300-100-10 ReLU network on flattened 28x28 MNIST images,
// returning logits. Kernel weights: 784*300 + 300*100 + 100*10 = 266,200.
import * as tfl from '@tensorflow/tfjs-layers';
import { dataShape, layerSeed, type BuildOptions } from './build_options.js';
import { caffeXavier } from './caffe_init.js';

export function buildLenet300100(options: BuildOptions = {}): tfl.LayersModel {
  const dense = (name: string, units: number, k: number, activation: 'relu' | 'linear') =>
    tfl.layers.dense({ name, units, activation, kernelInitializer: caffeXavier(layerSeed(options, k)) });
  const { inputShape, numClasses } = dataShape(options);
  const model = tfl.sequential({ name: 'lenet_300_100' });
  model.add(tfl.layers.flatten({ name: 'flatten', inputShape }));
  model.add(dense('fc1', 300, 0, 'relu'));
  model.add(dense('fc2', 100, 1, 'relu'));
  model.add(dense('fc3', numClasses, 2, 'linear'));
  return model;
}
