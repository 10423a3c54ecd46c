// MaxPoolGrad for the wasm backend, replacing tfjs-backend-wasm 4.22's own, which drops the gradient
// of some windows (on an 8x8 input pooled 2x2 it routes only 12 of the 16 output gradients), so conv
// nets trained there silently learned from a wrong gradient.
//   x: [N, H, W, C], dy: [N, outH, outW, C]  ->  dx: [N, H, W, C]
//   dx[n, h, w, c] = sum of dy[n, p, q, c] over the windows (p, q) whose maximum is x[n, h, w, c];
//   ties go to the first maximum in row-major window order, and padding never wins, as in TF.js.
// The work is linear in the input size, so a plain loop over the values is fast enough.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc } from '@tensorflow/tfjs-core';
import { inputTensor4D, padAttrs, pairAttr } from './wasm_kernel_inputs.js';
import { overrideWasmKernel } from './wasm_kernel_override.js';

const KERNEL = tf.MaxPoolGrad;

/** The naive loop: for every window, find its first maximum and add the window's dy there. */
export function maxPoolGradValues(x: Float32Array, dy: Float32Array, info: tf.backend_util.Conv2DInfo): Float32Array {
  const { batchSize, inHeight, inWidth, inChannels: c, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { filterHeight, filterWidth, padInfo } = info;
  const dx = new Float32Array(x.length);
  for (let n = 0; n < batchSize; n++) {
    for (let p = 0; p < outHeight; p++) {
      const h0 = p * strideHeight - padInfo.top;
      const hBegin = Math.max(0, h0);
      const hEnd = Math.min(inHeight, h0 + filterHeight);
      for (let q = 0; q < outWidth; q++) {
        const w0 = q * strideWidth - padInfo.left;
        const wBegin = Math.max(0, w0);
        const wEnd = Math.min(inWidth, w0 + filterWidth);
        const dyBase = ((n * outHeight + p) * outWidth + q) * c;
        for (let ch = 0; ch < c; ch++) {
          let best = -Infinity;
          let at = -1;
          for (let h = hBegin; h < hEnd; h++) {
            for (let w = wBegin; w < wEnd; w++) {
              const index = ((n * inHeight + h) * inWidth + w) * c + ch;
              if (x[index] > best || at < 0) {
                best = x[index];
                at = index;
              }
            }
          }
          if (at >= 0) dx[at] += dy[dyBase + ch];
        }
      }
    }
  }
  return dx;
}

const maxPoolGrad: KernelFunc = ({ inputs, attrs }) => {
  const x = inputTensor4D(KERNEL, inputs.input);
  const dy = inputTensor4D(KERNEL, inputs.dy);
  const { pad, dimRoundingMode } = padAttrs(KERNEL, attrs);
  const info = tf.backend_util.computePool2DInfo(x.shape, pairAttr(KERNEL, attrs, 'filterSize'),
    pairAttr(KERNEL, attrs, 'strides'), 1, pad, dimRoundingMode);
  const dx = maxPoolGradValues(x.dataSync() as Float32Array, dy.dataSync() as Float32Array, info);
  return tf.tensor4d(dx, x.shape);
};

/** Installs the kernel in place of the wasm backend's own MaxPoolGrad (once). */
export function registerWasmMaxPoolGrad(): void {
  overrideWasmKernel(KERNEL, () => maxPoolGrad);
}
