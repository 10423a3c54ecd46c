// Conv2DBackpropFilter for the wasm backend, which tfjs-backend-wasm 4.22 lacks (so conv nets could not
// train there). Shapes, NHWC (NCHW differs only in the transposes below):
//   x: [N, H, W, Cin], dy: [N, outH, outW, Cout]  ->  dW: [kh, kw, Cin, Cout]
//   dW[i, j, c, o] = sum over n, p, q of xPadded[n, i + p*s, j + q*s, c] * dy[n, p, q, o]
// That sum is itself a VALID convolution, with the batch as the channel axis:
//   input  x' = xPadded as [Cin, Hp, Wp, N]   (Cin plays the batch)
//   filter f' = dy as [outH, outW, N, Cout]   (dilated by the stride s)
//   conv2d(x', f') = [Cin, kh, kw, Cout], transposed to [kh, kw, Cin, Cout].
// So the work runs in the wasm backend's own (XNNPACK) convolution, with two input transposes and no
// im2col. Dilations are always 1 here: TF.js does not differentiate dilated convolutions.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs-core';
import { convAttrs, inputTensor4D, padOrCrop, shape4DAttr } from './wasm_kernel_inputs.js';

const WASM = 'wasm';
const KERNEL = tf.Conv2DBackpropFilter;

const conv2dBackpropFilter: KernelFunc = ({ inputs, attrs }) => {
  const x = inputTensor4D(KERNEL, inputs.x);
  const dy = inputTensor4D(KERNEL, inputs.dy);
  const { strides, pad, dataFormat, dimRoundingMode } = convAttrs(KERNEL, attrs);
  const filterShape = shape4DAttr(KERNEL, attrs, 'filterShape');
  const nchw = dataFormat === 'NCHW';
  const info = tf.backend_util.computeConv2DInfo(x.shape, filterShape, strides, 1, pad,
    dimRoundingMode, false, nchw ? 'channelsFirst' : 'channelsLast');
  const { outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth, padInfo } = info;
  return tf.tidy(() => {
    // [Cin, H, W, N], then padded (or cropped: VALID with a stride can leave trailing rows unused) so
    // that a VALID convolution with the dilated dy yields exactly kh x kw positions.
    let input = tf.transpose(x, nchw ? [1, 2, 3, 0] : [3, 1, 2, 0]);
    input = padOrCrop(input, 1, padInfo.top, (outHeight - 1) * strideHeight + filterHeight);
    input = padOrCrop(input, 2, padInfo.left, (outWidth - 1) * strideWidth + filterWidth);
    const filter = tf.transpose(dy, nchw ? [2, 3, 0, 1] : [1, 2, 0, 3]);
    const dw = tf.conv2d(input, filter, 1, 'valid', 'NHWC', [strideHeight, strideWidth]);
    return tf.transpose(dw, [1, 2, 0, 3]);
  });
};

export const wasmConv2DBackpropFilterConfig: KernelConfig = {
  kernelName: KERNEL,
  backendName: WASM,
  kernelFunc: conv2dBackpropFilter,
};

/** Registers the kernel for the wasm backend, unless one is registered already. */
export function registerWasmConv2DBackpropFilter(): void {
  if (tf.getKernel(KERNEL, WASM) === undefined) tf.registerKernel(wasmConv2DBackpropFilterConfig);
}
