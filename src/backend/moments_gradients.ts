// The gradients of Mean and Square, the ops of tf.moments (mean, then the mean of squared deviations) that
// batch normalisation runs in training, each made one native pass while the onednn backend runs it
// (native_gradient.ts says when):
// - Mean over adjacent axes: CgesMeanGrad, where TF.js fills ones(x.shape), multiplies and divides;
// - Square: CgesSquareGrad, dy * (x * 2), where TF.js runs two multiplies.
// Both equal TF.js's element for element. Other dtypes and axes that are not adjacent run TF.js's own.
import * as tf from '@tensorflow/tfjs-core';
import { MEAN_GRAD } from './kernels/mean_grad.js';
import { SQUARE_GRAD } from './kernels/square_grad.js';
import { replaceGradient, upstreamOf } from './native_gradient.js';

const allFloat32 = (tensors: tf.Tensor[]) => tensors.every((t) => t.dtype === 'float32');

function installMeanGradient(backendName: string): void {
  replaceGradient(tf.Mean, ['x'], backendName, [MEAN_GRAD], (dy, [x], attrs) => {
    const axes = tf.util.parseAxisParam(attrs.axis as number | number[], x.shape).sort((p, q) => p - q);
    const adjacent = axes.length > 0 && axes.every((axis, i) => axis === axes[0] + i);
    if (!adjacent || x.size === 0 || !allFloat32([x, dy])) return null;
    return { x: () => tf.engine().runKernel(MEAN_GRAD, { dy }, { shape: x.shape, axes }) as tf.Tensor };
  });
  // Linear in dy: the gradient with respect to dy is the mean of the upstream gradient over the same axes.
  tf.registerGradient({
    kernelName: MEAN_GRAD,
    inputsToSave: ['dy'],
    gradFunc: (ddx, [dy], attrs) => ({
      dy: () => tf.reshape(tf.mean(upstreamOf(ddx), attrs.axes as number[]), dy.shape),
    }),
  });
}

function installSquareGradient(backendName: string): void {
  replaceGradient(tf.Square, ['x'], backendName, [SQUARE_GRAD], (dy, [x]) => {
    if (!tf.util.arraysEqual(dy.shape, x.shape) || !allFloat32([x, dy])) return null;
    return { x: () => tf.engine().runKernel(SQUARE_GRAD, { dy, x }) as tf.Tensor };
  });
  // out = dy * 2x: d/ddy = upstream * 2x (this kernel again), d/dx = 2 * upstream * dy.
  tf.registerGradient({
    kernelName: SQUARE_GRAD,
    inputsToSave: ['dy', 'x'],
    gradFunc: (ddx, [dy, x]) => ({
      dy: () => tf.engine().runKernel(SQUARE_GRAD, { dy: upstreamOf(ddx), x }) as tf.Tensor,
      x: () => tf.engine().runKernel(SQUARE_GRAD, { dy: upstreamOf(ddx), x: dy }) as tf.Tensor,
    }),
  });
}

/** The Mean and Square gradients of this file, for `backendName`. Call once. */
export function installMomentsGradients(backendName: string): void {
  installMeanGradient(backendName);
  installSquareGradient(backendName);
}
