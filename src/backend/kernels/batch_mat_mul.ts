// TF.js BatchMatMul (what tf.matMul runs) on oneDNN. a: [...outerA, m, k] or [..., k, m] when transposeA;
// b: [...outerB, k, n] or [..., n, k] when transposeB; out: [...outer, m, n]. Transposes are read in
// place (strides), never copied. Cases mat_mul_plan.ts declines and non-float32 inputs run the cpu kernel.
// out is computed when read, with a following bias add and relu joined (forward_epilogue.ts).
import {
  BatchMatMul, _FusedMatMul, type BatchMatMulInputs, type KernelConfig, type KernelFunc,
} from '@tensorflow/tfjs-core';
import { deferForward } from './forward_epilogue.js';
import { isMatMulAttrs } from './kernel_attrs.js';
import { matMulPlan } from './mat_mul_plan.js';
import { cpuKernel, float32Values, nativeContext } from './native_kernel.js';

const batchMatMul: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, BatchMatMul);
  const { a, b } = args.inputs as BatchMatMulInputs;
  const { attrs } = args;
  if (a === undefined || b === undefined || !isMatMulAttrs(attrs)) return cpuKernel(BatchMatMul)(args);
  const plan = matMulPlan(a, b, attrs.transposeA, attrs.transposeB);
  const aValues = float32Values(backend, a);
  const bValues = float32Values(backend, b);
  if (plan === null || aValues === null || bValues === null) return cpuKernel(BatchMatMul)(args);
  const { transposeA, transposeB } = attrs;
  return deferForward(backend, plan.outShape, {
    kind: 'forward', kernels: { plain: BatchMatMul, fused: _FusedMatMul }, inputs: [a, b], channels: plan.n,
    bias: null, activation: 'linear',
    run: (bias, activation, out) => {
      if (bias === null && activation === 'linear') {
        addon.batchMatMul(aValues, bValues, out, plan.shape, transposeA, transposeB);
      } else {
        addon.fusedMatMul(aValues, bValues, bias, out, plan.shape, transposeA, transposeB, activation, 0);
      }
    },
  });
};

export const batchMatMulConfig: KernelConfig = {
  kernelName: BatchMatMul,
  backendName: 'onednn',
  kernelFunc: batchMatMul,
};
