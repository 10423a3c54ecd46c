// Gradients of element-wise ops whose derivative is dy times a mask of x, made one native pass while the
// onednn backend runs them (native_gradient.ts says when):
// - Relu6: TF.js's mul(dy, cast(mul(lessEqual(x, 6), step(x)))), four kernels over the whole activation;
// - ClipByValue: where(logicalAnd(greaterEqual(x, min), lessEqual(x, max)), dy, zerosLike(dy)), five, all on
//   the cpu backend's JavaScript (a Keras ReLU(6.) layer, MobileNetV2's activation, is relu then this).
import * as tf from '@tensorflow/tfjs-core';
import { CLIP_BY_VALUE_GRAD } from './kernels/clip_by_value_grad.js';
import { RELU6_GRAD } from './kernels/relu6_grad.js';
import { replaceGradient, upstreamOf } from './native_gradient.js';

/** The gradient of `kernelName` that runs `gradKernel` (inputs dy and x, the op's attributes), and its own. */
function installMaskedGradient(kernelName: string, gradKernel: string, backendName: string): void {
  replaceGradient(kernelName, ['x'], backendName, [gradKernel], (dy, [x], attrs) => {
    if (x.dtype !== 'float32' || dy.dtype !== 'float32' || !tf.util.arraysEqual(dy.shape, x.shape)) return null;
    return { x: () => tf.engine().runKernel(gradKernel, { dy, x }, attrs) as tf.Tensor };
  });
  // dy * mask(x) is linear in dy with the same mask, and the mask is flat in x: second derivatives as through
  // TF.js's own compositions.
  tf.registerGradient({
    kernelName: gradKernel,
    inputsToSave: ['x'],
    gradFunc: (ddx, [x], attrs) => ({
      dy: () => tf.engine().runKernel(gradKernel, { dy: upstreamOf(ddx), x }, attrs) as tf.Tensor,
      x: () => tf.zerosLike(x),
    }),
  });
}

/** The Relu6 and ClipByValue gradients of this file, for `backendName`. Call once. */
export function installMaskedGradients(backendName: string): void {
  installMaskedGradient(tf.Relu6, RELU6_GRAD, backendName);
  installMaskedGradient(tf.ClipByValue, CLIP_BY_VALUE_GRAD, backendName);
}
