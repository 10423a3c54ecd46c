// Conv2DBackpropInput for the wasm backend, in front of tfjs-backend-wasm's own kernel, which runs
// 5-10x slower than the forward convolution of the same size (3.1 s against 0.8 s per seed-mnist
// training step at batch 100). With stride 1 the input gradient is itself a convolution:
//   dy: [N, outH, outW, Cout], W: [kh, kw, Cin, Cout]  ->  dx: [N, H, W, Cin]
//   dx[n, y, x, c] = sum over i, j, o of dy[n, y + top - i, x + left - j, o] * W[i, j, c, o]
//                  = VALID conv2d of dy, padded by kh-1-top rows in front (and to H + kh - 1 rows),
//                    with the filter flipped in space and its channel axes swapped: [kh, kw, Cout, Cin].
// So it runs in the wasm backend's own (XNNPACK) convolution. Other strides and NCHW keep the original.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc } from '@tensorflow/tfjs-core';
import { convAttrs, inputTensor4D, padOrCrop, shape4DAttr } from './wasm_kernel_inputs.js';
import { overrideWasmKernel } from './wasm_kernel_override.js';

const KERNEL = tf.Conv2DBackpropInput;

function asConvolution(original: KernelFunc): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const dy = inputTensor4D(KERNEL, inputs.dy);
    const filter = inputTensor4D(KERNEL, inputs.filter);
    const { strides, pad, dataFormat, dimRoundingMode } = convAttrs(KERNEL, attrs);
    const inputShape = shape4DAttr(KERNEL, attrs, 'inputShape');
    const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape, strides, 1, pad, dimRoundingMode);
    if (dataFormat !== 'NHWC' || info.strideHeight !== 1 || info.strideWidth !== 1) {
      return original({ inputs, backend, attrs });
    }
    const { filterHeight: kh, filterWidth: kw, inHeight, inWidth, padInfo } = info;
    return tf.tidy(() => {
      let padded = padOrCrop(dy, 1, kh - 1 - padInfo.top, inHeight + kh - 1);
      padded = padOrCrop(padded, 2, kw - 1 - padInfo.left, inWidth + kw - 1);
      const flipped = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]);
      return tf.conv2d(padded, flipped, 1, 'valid');
    });
  };
}

/** Installs the kernel in front of the wasm backend's own Conv2DBackpropInput (once). */
export function registerWasmConv2DBackpropInput(): void {
  overrideWasmKernel(KERNEL, asConvolution);
}
