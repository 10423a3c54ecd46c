// Caffe's LeNet-5 variant: conv 5x5x20 VALID, max-pool 2, conv 5x5x50 VALID, max-pool 2, dense 500 ReLU,
// dense 10 logits. As in Caffe's example the conv layers have no activation.
// Shapes: 28x28x1 -> 24x24x20 -> 12x12x20 -> 8x8x50 -> 4x4x50 = 800 -> 500 -> 10.
// Kernel weights: 500 + 25,000 + 400,000 + 5,000 = 430,500.
import * as tfl from '@tensorflow/tfjs-layers';
import { dataShape, layerSeed, type BuildOptions } from './build_options.js';
import { caffeXavier } from './caffe_init.js';

export function buildLenet5(options: BuildOptions = {}): tfl.LayersModel {
  const init = (k: number) => caffeXavier(layerSeed(options, k));
  const conv = (name: string, filters: number, k: number) =>
    tfl.layers.conv2d({ name, filters, kernelSize: 5, padding: 'valid', kernelInitializer: init(k) });
  const pool = (name: string) => tfl.layers.maxPooling2d({ name, poolSize: 2, strides: 2 });
  const { inputShape, numClasses } = dataShape(options);
  const model = tfl.sequential({ name: 'lenet5' });
  model.add(tfl.layers.inputLayer({ inputShape }));
  model.add(conv('conv1', 20, 0));
  model.add(pool('pool1'));
  model.add(conv('conv2', 50, 1));
  model.add(pool('pool2'));
  model.add(tfl.layers.flatten({ name: 'flatten' }));
  model.add(tfl.layers.dense({ name: 'fc1', units: 500, activation: 'relu', kernelInitializer: init(2) }));
  model.add(tfl.layers.dense({ name: 'fc2', units: numClasses, kernelInitializer: init(3) }));
  return model;
}
