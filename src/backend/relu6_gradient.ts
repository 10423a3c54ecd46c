// The Relu6 gradient, made one native pass while the onednn backend runs it. TF.js's own gradient is
// mul(dy, cast(mul(lessEqual(x, 6), step(x)))): four kernels over the whole activation, after every
// expansion and depthwise convolution of a MobileNet-style network. Gradients are global in TF.js, so this
// one hands every other case (another backend, another dtype, the kernel not registered) to TF.js's own.
import * as tf from '@tensorflow/tfjs-core';
import { RELU6_GRAD } from './kernels/relu6_grad.js';

/** Registers the Relu6 gradient that runs RELU6_GRAD on `backendName`, and RELU6_GRAD's own gradient. Once. */
export function installRelu6Gradient(backendName: string): void {
  const stock = tf.getGradient(tf.Relu6);
  tf.registerGradient({
    kernelName: tf.Relu6,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      const dyTensor = Array.isArray(dy) ? dy[0] : dy;
      if (tf.getBackend() !== backendName || tf.getKernel(RELU6_GRAD, backendName) === undefined ||
        x.dtype !== 'float32' || dyTensor.dtype !== 'float32' || !tf.util.arraysEqual(dyTensor.shape, x.shape)) {
        return stock.gradFunc(dy, saved, attrs);
      }
      return { x: () => tf.engine().runKernel(RELU6_GRAD, { dy: dyTensor, x }) as tf.Tensor };
    },
  });
  // dy * mask(x) is linear in dy with the same mask, and the mask is flat in x: second derivatives as through
  // TF.js's mul, lessEqual and step.
  tf.registerGradient({
    kernelName: RELU6_GRAD,
    inputsToSave: ['x'],
    gradFunc: (ddx, saved) => {
      const [x] = saved;
      const upstream = Array.isArray(ddx) ? ddx[0] : ddx;
      return {
        dy: () => tf.engine().runKernel(RELU6_GRAD, { dy: upstream, x }) as tf.Tensor,
        x: () => tf.zerosLike(x),
      };
    },
  });
}
