// The gradients of Mean and Square, the ops of tf.moments (mean, then the mean of squared deviations) that
// batch normalisation runs in training, each made one native pass while the onednn backend runs it:
// - Mean over adjacent axes: CgesMeanGrad, where TF.js fills ones(x.shape), multiplies and divides;
// - Square: CgesSquareGrad, dy * (x * 2), where TF.js runs two multiplies.
// Both equal TF.js's element for element. Every other case (another backend or dtype, axes that are not
// adjacent, the kernel not registered) runs TF.js's own gradient.
import * as tf from '@tensorflow/tfjs-core';
import { MEAN_GRAD } from './kernels/mean_grad.js';
import { SQUARE_GRAD } from './kernels/square_grad.js';

function onNative(backendName: string, kernel: string, tensors: tf.Tensor[]): boolean {
  return tf.getBackend() === backendName && tf.getKernel(kernel, backendName) !== undefined &&
    tensors.every((t) => t.dtype === 'float32');
}

function installMeanGradient(backendName: string): void {
  const stock = tf.getGradient(tf.Mean);
  tf.registerGradient({
    kernelName: tf.Mean,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      const dyTensor = Array.isArray(dy) ? dy[0] : dy;
      const axes = tf.util.parseAxisParam(attrs.axis as number | number[], x.shape).sort((p, q) => p - q);
      const adjacent = axes.length > 0 && axes.every((axis, i) => axis === axes[0] + i);
      if (!adjacent || x.size === 0 || !onNative(backendName, MEAN_GRAD, [x, dyTensor])) {
        return stock.gradFunc(dy, saved, attrs);
      }
      return { x: () => tf.engine().runKernel(MEAN_GRAD, { dy: dyTensor }, { shape: x.shape, axes }) as tf.Tensor };
    },
  });
  // Linear in dy: the gradient with respect to dy is the mean of the upstream gradient over the same axes.
  tf.registerGradient({
    kernelName: MEAN_GRAD,
    inputsToSave: ['dy'],
    gradFunc: (ddx, saved, attrs) => {
      const [dy] = saved;
      const upstream = Array.isArray(ddx) ? ddx[0] : ddx;
      return { dy: () => tf.reshape(tf.mean(upstream, attrs.axes as number[]), dy.shape) };
    },
  });
}

function installSquareGradient(backendName: string): void {
  const stock = tf.getGradient(tf.Square);
  tf.registerGradient({
    kernelName: tf.Square,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      const dyTensor = Array.isArray(dy) ? dy[0] : dy;
      if (!tf.util.arraysEqual(dyTensor.shape, x.shape) || !onNative(backendName, SQUARE_GRAD, [x, dyTensor])) {
        return stock.gradFunc(dy, saved, attrs);
      }
      return { x: () => tf.engine().runKernel(SQUARE_GRAD, { dy: dyTensor, x }) as tf.Tensor };
    },
  });
  // out = dy * 2x: d/ddy = upstream * 2x (this kernel again), d/dx = 2 * upstream * dy.
  tf.registerGradient({
    kernelName: SQUARE_GRAD,
    inputsToSave: ['dy', 'x'],
    gradFunc: (ddx, saved) => {
      const [dy, x] = saved;
      const upstream = Array.isArray(ddx) ? ddx[0] : ddx;
      return {
        dy: () => tf.engine().runKernel(SQUARE_GRAD, { dy: upstream, x }) as tf.Tensor,
        x: () => tf.engine().runKernel(SQUARE_GRAD, { dy: upstream, x: dy }) as tf.Tensor,
      };
    },
  });
}

/** The Mean and Square gradients of this file, for `backendName`. Call once. */
export function installMomentsGradients(backendName: string): void {
  installMeanGradient(backendName);
  installSquareGradient(backendName);
}
