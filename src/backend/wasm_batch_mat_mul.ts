// BatchMatMul for the wasm backend, in front of tfjs-backend-wasm's own kernel, which is 5-20x slower
// when asked to transpose an operand: on [100, 3136] and [100, 1024] (a dense layer's weight gradient,
// x^T dy) it took 3.6 s with transposeA against 0.15 s after an explicit transpose. Every dense-layer
// gradient asks for such a product, so here the operands are transposed first, by the Transpose
// kernel, and the product runs on the fast, untransposed path.
//   a: [..., m, k] ([..., k, m] with transposeA), b: [..., k, n] ([..., n, k] with transposeB)
//   -> [..., m, n]
import * as tf from '@tensorflow/tfjs-core';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { boolAttr, inputTensor } from './wasm_kernel_inputs.js';
import { overrideWasmKernel } from './wasm_kernel_override.js';

const KERNEL = tf.BatchMatMul;

/** x with its last two axes swapped. */
function swapLastAxes(x: tf.Tensor): tf.Tensor {
  const perm = x.shape.map((_, axis) => axis);
  perm.splice(-2, 2, x.rank - 1, x.rank - 2);
  return tf.transpose(x, perm);
}

function untransposed(original: KernelFunc): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    const transposeA = boolAttr(attrs, 'transposeA');
    const transposeB = boolAttr(attrs, 'transposeB');
    if (!transposeA && !transposeB) return original({ inputs, backend, attrs });
    const a = inputTensor(KERNEL, inputs.a);
    const b = inputTensor(KERNEL, inputs.b);
    const made: tf.Tensor[] = [];
    const plain = (x: tf.Tensor, transpose: boolean) => {
      if (!transpose) return x;
      const swapped = swapLastAxes(x);
      made.push(swapped);
      return swapped;
    };
    const inputsPlain: Record<string, TensorInfo> = { a: plain(a, transposeA), b: plain(b, transposeB) };
    const out = original({ inputs: inputsPlain, backend, attrs: { ...attrs, transposeA: false, transposeB: false } });
    tf.dispose(made);
    return out;
  };
}

/** Installs the kernel in front of the wasm backend's own BatchMatMul (once). */
export function registerWasmBatchMatMul(): void {
  overrideWasmKernel(KERNEL, untransposed);
}
