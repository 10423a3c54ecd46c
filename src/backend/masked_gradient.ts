// Gradients of element-wise ops whose derivative is dy times a mask of x, made one native pass while the
// onednn backend runs them:
// - Relu6: TF.js's mul(dy, cast(mul(lessEqual(x, 6), step(x)))), four kernels over the whole activation;
// - ClipByValue: where(logicalAnd(greaterEqual(x, min), lessEqual(x, max)), dy, zerosLike(dy)), five, all on
//   the cpu backend's JavaScript (a Keras ReLU(6.) layer, MobileNetV2's activation, is relu then this).
// Gradients are global in TF.js, so these hand every other case (another backend, another dtype, the kernel
// not registered) to TF.js's own, unchanged.
import * as tf from '@tensorflow/tfjs-core';
import { CLIP_BY_VALUE_GRAD } from './kernels/clip_by_value_grad.js';
import { RELU6_GRAD } from './kernels/relu6_grad.js';

/**
 * Registers the gradient of `kernelName` that runs `gradKernel` (inputs dy and x, the op's attributes) on
 * `backendName`, and gradKernel's own gradient. Once per kernel.
 */
function installMaskedGradient(kernelName: string, gradKernel: string, backendName: string): void {
  const stock = tf.getGradient(kernelName);
  tf.registerGradient({
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      const dyTensor = Array.isArray(dy) ? dy[0] : dy;
      if (tf.getBackend() !== backendName || tf.getKernel(gradKernel, backendName) === undefined ||
        x.dtype !== 'float32' || dyTensor.dtype !== 'float32' || !tf.util.arraysEqual(dyTensor.shape, x.shape)) {
        return stock.gradFunc(dy, saved, attrs);
      }
      return { x: () => tf.engine().runKernel(gradKernel, { dy: dyTensor, x }, attrs) as tf.Tensor };
    },
  });
  // dy * mask(x) is linear in dy with the same mask, and the mask is flat in x: second derivatives as through
  // TF.js's own compositions.
  tf.registerGradient({
    kernelName: gradKernel,
    inputsToSave: ['x'],
    gradFunc: (ddx, saved, attrs) => {
      const [x] = saved;
      const upstream = Array.isArray(ddx) ? ddx[0] : ddx;
      return {
        dy: () => tf.engine().runKernel(gradKernel, { dy: upstream, x }, attrs) as tf.Tensor,
        x: () => tf.zerosLike(x),
      };
    },
  });
}

/** The Relu6 and ClipByValue gradients of this file, for `backendName`. Call once. */
export function installMaskedGradients(backendName: string): void {
  installMaskedGradient(tf.Relu6, RELU6_GRAD, backendName);
  installMaskedGradient(tf.ClipByValue, CLIP_BY_VALUE_GRAD, backendName);
}
