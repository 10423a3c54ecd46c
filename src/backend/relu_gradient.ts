// The Relu gradient, made one native pass while the onednn backend runs it. TF.js's own gradient is
// mul(dy, cast(step(x))): three kernels that each read and write the whole activation, which in a
// seed-mnist step cost about as much as conv1's forward convolution. It reads the relu's output y rather
// than its input x: step(y) equals step(x) everywhere (relu keeps NaN and maps every x <= 0 to a zero),
// and then x, when it is a deferred conv or matmul output joined into the relu (forward_epilogue.ts), is
// never computed at all. Gradients are global in TF.js, so this one hands every other case (another
// backend, another dtype) to TF.js's own, unchanged.
import * as tf from '@tensorflow/tfjs-core';
import { RELU_GRAD } from './kernels/relu_grad.js';

/**
 * Registers the Relu gradient that runs RELU_GRAD on `backendName`, and RELU_GRAD's own gradient. Call it
 * once: a second call would wrap the first as its fallback.
 */
export function installReluGradient(backendName: string): void {
  const stock = tf.getGradient(tf.Relu);
  const nativeReluGradient: tf.GradConfig['gradFunc'] = (dy, saved, attrs) => {
    const [x, y] = saved;
    const dyTensor = Array.isArray(dy) ? dy[0] : dy;
    if (tf.getBackend() !== backendName || y.dtype !== 'float32' || dyTensor.dtype !== 'float32' ||
      !tf.util.arraysEqual(dyTensor.shape, y.shape)) {
      return stock.gradFunc(dy, [x], attrs);
    }
    return { x: () => tf.engine().runKernel(RELU_GRAD, { dy: dyTensor, x: y }) as tf.Tensor };
  };
  tf.registerGradient({
    kernelName: tf.Relu, inputsToSave: ['x'], outputsToSave: [true], gradFunc: nativeReluGradient,
  });
  // dy * step(x) is linear in dy with the same mask, and step is flat in x: second derivatives work as
  // they do through TF.js's mul and step. (Here x is the relu's output, with the same step.)
  tf.registerGradient({
    kernelName: RELU_GRAD,
    inputsToSave: ['x'],
    gradFunc: (ddx, saved) => {
      const [x] = saved;
      const upstream = Array.isArray(ddx) ? ddx[0] : ddx;
      return {
        dy: () => tf.engine().runKernel(RELU_GRAD, { dy: upstream, x }) as tf.Tensor,
        x: () => tf.zerosLike(x),
      };
    },
  });
}
