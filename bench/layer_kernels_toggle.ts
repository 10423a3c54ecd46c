// The onednn kernels for today's layers (depthwise convolution, batch normalisation in inference and
// training, ReLU6, clipByValue, Mean, Square) withdrawn and put back at run time, so one bench run can time a training step with and
// without them in alternating rounds on the same machine under the same load. Withdrawn, the TF.js kernels
// run the cpu backend's code on onednn (as before these kernels existed), and the gradients that need a
// Cges* kernel see it missing and run TF.js's own composition (masked_gradient.ts, batch_norm_gradient.ts,
// moments_gradients.ts), as does BatchNormalization's training (src/models/batch_norm_layer.ts).
import * as tf from '@tensorflow/tfjs-core';
import { BATCH_NORM_TRAINING } from '../src/backend/kernels/batch_norm_training.js';
import { BATCH_NORM_TRAINING_GRAD } from '../src/backend/kernels/batch_norm_training_grad.js';
import { CENTERED_CHANNEL_SUM } from '../src/backend/kernels/centered_channel_sum.js';
import { CLIP_BY_VALUE_GRAD } from '../src/backend/kernels/clip_by_value_grad.js';
import { MEAN_GRAD } from '../src/backend/kernels/mean_grad.js';
import { RELU6_GRAD } from '../src/backend/kernels/relu6_grad.js';
import { SQUARE_GRAD } from '../src/backend/kernels/square_grad.js';

const ONEDNN = 'onednn';

/** TF.js kernels that have a cpu twin to stand in. */
const WITH_CPU_TWIN = [
  tf.DepthwiseConv2dNative, tf.DepthwiseConv2dNativeBackpropInput, tf.DepthwiseConv2dNativeBackpropFilter,
  tf.FusedBatchNorm, tf.Mean, tf.Square, tf.Relu6, tf.ClipByValue,
];
/** The onednn-only kernels the installed gradients run. */
const GRADIENT_KERNELS = [RELU6_GRAD, CLIP_BY_VALUE_GRAD, CENTERED_CHANNEL_SUM, MEAN_GRAD, SQUARE_GRAD];
/** The onednn-only kernels an op runs when registered, else TF.js's composition (batch normalisation's training). */
const OP_KERNELS = [BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD];

export interface LayerKernelsToggle {
  /** Whether the layer kernels are registered on onednn now. */
  readonly on: boolean;
  set(on: boolean): void;
}

/** Call after the onednn backend is registered; starts on. */
export function layerKernelsToggle(): LayerKernelsToggle {
  const native = [...WITH_CPU_TWIN, ...GRADIENT_KERNELS, ...OP_KERNELS].map((name) => {
    const config = tf.getKernel(name, ONEDNN);
    if (config === undefined) throw new Error(`bench: onednn has no ${name} kernel to withdraw`);
    return config;
  });
  const cpuTwins = WITH_CPU_TWIN.map((name) => {
    const config = tf.getKernel(name, 'cpu');
    if (config === undefined) throw new Error(`bench: cpu has no ${name} kernel`);
    return { ...config, backendName: ONEDNN };
  });
  let on = true;
  return {
    get on() {
      return on;
    },
    set(wanted: boolean) {
      if (wanted === on) return;
      for (const config of wanted ? cpuTwins : native) tf.unregisterKernel(config.kernelName, ONEDNN);
      for (const config of wanted ? native : cpuTwins) tf.registerKernel(config);
      on = wanted;
    },
  };
}
