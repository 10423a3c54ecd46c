// Every kernel the onednn backend overrides; each lives in its own file named after the TF.js kernel.
// Add one line per kernel.
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { avgPoolConfig } from './avg_pool.js';
import { avgPoolGradConfig } from './avg_pool_grad.js';
import { maxPoolConfig } from './max_pool.js';
import { maxPoolGradConfig } from './max_pool_grad.js';
import { addConfig } from './add.js';
import { multiplyConfig } from './multiply.js';
import { realDivConfig } from './real_div.js';
import { subConfig } from './sub.js';
import { negConfig } from './neg.js';
import { floorConfig } from './floor.js';
import { expConfig } from './exp.js';
import { logConfig } from './log.js';
import { reluConfig } from './relu.js';
import { stepConfig } from './step.js';
import { reluGradConfig } from './relu_grad.js';
import { softmaxCrossEntropyConfig } from './softmax_cross_entropy.js';
import { sumConfig } from './sum.js';
import { batchMatMulConfig } from './batch_mat_mul.js';
import { conv2dConfig } from './conv2d.js';
import { conv2dBackpropFilterConfig } from './conv2d_backprop_filter.js';
import { conv2dBackpropInputConfig } from './conv2d_backprop_input.js';
import { fusedConv2dConfig } from './fused_conv2d.js';
import { fusedMatMulConfig } from './fused_mat_mul.js';
import { concatConfig } from './concat.js';
import { gatherV2Config } from './gather_v2.js';
import { sliceConfig } from './slice.js';
import { tensorScatterUpdateConfig } from './tensor_scatter_update.js';
import { depthwiseConv2dNativeConfig } from './depthwise_conv2d_native.js';
import { depthwiseConv2dNativeBackpropInputConfig } from './depthwise_conv2d_native_backprop_input.js';
import { depthwiseConv2dNativeBackpropFilterConfig } from './depthwise_conv2d_native_backprop_filter.js';
import { relu6Config } from './relu6.js';
import { relu6GradConfig } from './relu6_grad.js';
import { squareConfig } from './square.js';
import { clipByValueConfig } from './clip_by_value.js';
import { clipByValueGradConfig } from './clip_by_value_grad.js';
import { meanConfig } from './mean.js';
import { meanGradConfig } from './mean_grad.js';
import { squareGradConfig } from './square_grad.js';
import { fusedBatchNormConfig } from './fused_batch_norm.js';
import { centeredChannelSumConfig } from './centered_channel_sum.js';
import { batchNormTrainingConfig } from './batch_norm_training.js';
import { batchNormTrainingGradConfig } from './batch_norm_training_grad.js';

export const ONEDNN_KERNELS: KernelConfig[] = [
  maxPoolConfig,
  maxPoolGradConfig,
  avgPoolConfig,
  avgPoolGradConfig,
  addConfig,
  multiplyConfig,
  realDivConfig,
  subConfig,
  negConfig,
  floorConfig,
  expConfig,
  logConfig,
  reluConfig,
  stepConfig,
  reluGradConfig,
  softmaxCrossEntropyConfig,
  sumConfig,
  batchMatMulConfig,
  fusedMatMulConfig,
  conv2dConfig,
  fusedConv2dConfig,
  conv2dBackpropInputConfig,
  conv2dBackpropFilterConfig,
  gatherV2Config,
  sliceConfig,
  concatConfig,
  tensorScatterUpdateConfig,
  depthwiseConv2dNativeConfig,
  depthwiseConv2dNativeBackpropInputConfig,
  depthwiseConv2dNativeBackpropFilterConfig,
  relu6Config,
  relu6GradConfig,
  squareConfig,
  clipByValueConfig,
  clipByValueGradConfig,
  meanConfig,
  meanGradConfig,
  squareGradConfig,
  fusedBatchNormConfig,
  centeredChannelSumConfig,
  batchNormTrainingConfig,
  batchNormTrainingGradConfig,
];
