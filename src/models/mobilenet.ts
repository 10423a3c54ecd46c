// A MobileNetV2-style network: a 3x3 conv-BN-ReLU6 stem of 16 filters, inverted residual blocks (1x1
// expansion by 4, BN, ReLU6, depthwise 3x3, BN, ReLU6, 1x1 projection, BN, residual add where the shapes
// allow) to 16, 24 (stride 2), 24, 32 (stride 2) and 32 channels, a 1x1 conv-BN-ReLU6 to 64, global average
// pooling and a dense logits layer. bench/pytorch_step.py's mobilenet() is its PyTorch twin.
// On 28x28x1: 28x28x16 -> 28x28x16 -> 14x14x24 -> 14x14x24 -> 7x7x32 -> 7x7x32 -> 7x7x64 -> 64 -> classes.
import * as tfl from '@tensorflow/tfjs-layers';
import { dataShape, type BuildOptions } from './build_options.js';
import { LayerBlocks } from './layer_blocks.js';

const EXPANSION = 4;
export const MOBILENET_BLOCKS: readonly (readonly [filters: number, strides: number])[] =
  [[16, 1], [24, 2], [24, 1], [32, 2], [32, 1]];

export function buildMobilenet(options: BuildOptions = {}): tfl.LayersModel {
  const { inputShape, numClasses } = dataShape(options);
  const blocks = new LayerBlocks(options);
  const input = tfl.input({ shape: inputShape, name: 'input' });
  let x = blocks.convBnRelu(input, 16, 3, 1, 6);
  for (const [filters, strides] of MOBILENET_BLOCKS) x = blocks.invertedResidual(x, EXPANSION, filters, strides);
  x = blocks.convBnRelu(x, 64, 1, 1, 6);
  const logits = blocks.dense(blocks.globalAveragePool(x), numClasses);
  return tfl.model({ inputs: input, outputs: logits, name: 'mobilenet' });
}
