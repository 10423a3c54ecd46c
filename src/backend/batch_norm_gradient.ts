// The FusedBatchNorm gradient on the onednn backend, without TF.js's full-size intermediates. TF.js's own
// composes it of ops over the whole activation: x - mean, dy * scale, a Tile of rsqrt(variance) to x's shape
// (a JavaScript kernel), and products before each per-channel sum. With inv = 1 / sqrt(variance + epsilon)
// and s the scale (1 when absent), per channel c:
//   dx = dy * (s * inv)                      one broadcast multiply
//   doffset = sum(dy)                        one Sum (answered from a relu gradient's channel sums)
//   dmean = -sum(dy) * s * inv
//   dscale = S * inv, dvariance = -0.5 * S * s * inv^3, with S = sum(dy * (x - mean)): CgesCenteredChannelSum
// Only per-channel statistics of shape [C] over x [..., C] take this path; every other case (another backend
// or dtype, statistics broadcast otherwise) runs TF.js's gradient unchanged (native_gradient.ts).
import * as tf from '@tensorflow/tfjs-core';
import { CENTERED_CHANNEL_SUM } from './kernels/centered_channel_sum.js';
import { replaceGradient, upstreamOf, type GradientMap } from './native_gradient.js';

type Saved = [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor | undefined];

function perChannel(t: tf.Tensor | undefined, channels: number): boolean {
  return t === undefined || (t.dtype === 'float32' && t.rank === 1 && t.shape[0] === channels);
}

function covered(dy: tf.Tensor, [x, mean, variance, scale]: Saved): boolean {
  const channels = x.shape[x.rank - 1];
  return x.rank >= 2 && x.dtype === 'float32' && dy.dtype === 'float32' && tf.util.arraysEqual(dy.shape, x.shape) &&
    perChannel(mean, channels) && perChannel(variance, channels) && perChannel(scale, channels);
}

function nativeGradient(dy: tf.Tensor, [x, mean, variance, scale]: Saved, epsilon: number): GradientMap {
  const axes = x.shape.slice(0, -1).map((_, axis) => axis);
  const inv = tf.rsqrt(tf.add(variance, tf.scalar(epsilon)));
  const scaledInv = scale === undefined ? inv : tf.mul(scale, inv);
  // Each per-channel sum is taken once for the two gradients that read it, here rather than in a thunk: the
  // engine disposes what a thunk leaves behind, and what this body makes when the backward pass ends (as
  // TF.js's own gradient makes x - mean here). Training reads all four; a BatchNorm on moving statistics
  // whose offset and scale are frozen reads neither sum, and pays for them.
  const dySum = tf.sum(dy, axes);
  const centered = tf.engine().runKernel(CENTERED_CHANNEL_SUM, { dy, x, mean }) as tf.Tensor;
  return {
    x: () => tf.mul(dy, scaledInv),
    offset: () => tf.reshape(dySum, dySum.shape),
    mean: () => tf.neg(tf.mul(dySum, scaledInv)),
    scale: () => tf.mul(centered, inv),
    variance: () => tf.mul(centered, tf.mul(tf.mul(scaledInv, tf.square(inv)), tf.scalar(-0.5))),
  };
}

/** Registers the FusedBatchNorm gradient above for `backendName`, and CENTERED_CHANNEL_SUM's own. Once. */
export function installBatchNormGradient(backendName: string): void {
  replaceGradient(tf.FusedBatchNorm, ['x', 'mean', 'variance', 'scale'], backendName, [CENTERED_CHANNEL_SUM],
    (dy, saved, attrs) => {
      const args: Saved = [saved[0], saved[1], saved[2], saved[3]];
      const epsilon = attrs.varianceEpsilon;
      return typeof epsilon === 'number' && covered(dy, args) ? nativeGradient(dy, args, epsilon) : null;
    });
  // out = sum over rows of dy * (x - mean): linear in dy and in x, and -sum(dy) in mean.
  tf.registerGradient({
    kernelName: CENTERED_CHANNEL_SUM,
    inputsToSave: ['dy', 'x', 'mean'],
    gradFunc: (g, [dy, x, mean]) => {
      const upstream = upstreamOf(g);
      const axes = x.shape.slice(0, -1).map((_, axis) => axis);
      return {
        dy: () => tf.mul(tf.sub(x, mean), upstream),
        x: () => tf.mul(dy, upstream),
        mean: () => tf.neg(tf.mul(tf.sum(dy, axes), upstream)),
      };
    },
  });
}
