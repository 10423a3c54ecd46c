// A VGG-style network with BatchNorm, in the form of the CIFAR-10 VGG the CGES paper trains (stages of
// 3x3 conv-BN-ReLU layers, each stage closed by a 2x2 max-pool, then a dense-BN-ReLU layer with dropout
// and the logits), narrowed to three stages of two convs (16, 32, 64 filters) and a dense layer of 128 so
// that a few thousand steps fit in minutes on two cores.
// On 28x28x1: 28x28x16 -> 14x14x32 -> 7x7x64 -> 3x3x64 = 576 -> 128 -> classes; 7.4M MACs per example.
// On 32x32x3: ... -> 4x4x64 = 1024 -> 128 -> classes.
import * as tfl from '@tensorflow/tfjs-layers';
import { dataShape, type BuildOptions } from './build_options.js';
import { LayerBlocks } from './layer_blocks.js';

export const VGG_STAGES: readonly number[] = [16, 32, 64];
const CONVS_PER_STAGE = 2;
const DENSE_UNITS = 128;

export function buildVgg(options: BuildOptions = {}): tfl.LayersModel {
  const { inputShape, numClasses } = dataShape(options);
  const blocks = new LayerBlocks(options);
  const input = tfl.input({ shape: inputShape, name: 'input' });
  let x = input;
  for (const filters of VGG_STAGES) {
    for (let i = 0; i < CONVS_PER_STAGE; i++) x = blocks.convBnRelu(x, filters, 3);
    x = blocks.maxPool(x);
  }
  x = blocks.relu(blocks.bn(blocks.dense(blocks.flatten(x), DENSE_UNITS, false)));
  const logits = blocks.dense(blocks.dropout(x, 0.5), numClasses);
  return tfl.model({ inputs: input, outputs: logits, name: 'vgg' });
}
