// A small ResNet of basic residual blocks with BatchNorm: a 3x3 conv-BN-ReLU stem of 16 filters, residual
// stages of 16, 32 (stride 2) and 64 (stride 2) filters, global average pooling and a dense logits layer.
// Each block is conv3x3-BN-ReLU-conv3x3-BN plus the shortcut (a 1x1 conv and BN when strided or widening),
// then ReLU. bench/pytorch_step.py's resnet() is its PyTorch twin.
// On 28x28x1: 28x28x16 -> 28x28x16 -> 14x14x32 -> 7x7x64 -> 64 -> classes; 8.9M MACs per example.
import * as tfl from '@tensorflow/tfjs-layers';
import { dataShape, type BuildOptions } from './build_options.js';
import { LayerBlocks } from './layer_blocks.js';

export const RESNET_STAGES: readonly (readonly [filters: number, strides: number])[] = [[16, 1], [32, 2], [64, 2]];

export function buildResnet(options: BuildOptions = {}): tfl.LayersModel {
  const { inputShape, numClasses } = dataShape(options);
  const blocks = new LayerBlocks(options);
  const input = tfl.input({ shape: inputShape, name: 'input' });
  let x = blocks.convBnRelu(input, 16, 3);
  for (const [filters, strides] of RESNET_STAGES) x = blocks.residual(x, filters, strides);
  const logits = blocks.dense(blocks.globalAveragePool(x), numClasses);
  return tfl.model({ inputs: input, outputs: logits, name: 'resnet' });
}
