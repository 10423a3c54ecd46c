// TF.js BatchMatMul (what tf.matMul runs) on oneDNN. a: [...outerA, m, k] or [..., k, m] when transposeA;
// b: [...outerB, k, n] or [..., n, k] when transposeB; out: [...outer, m, n]. Transposes are read in
// place (strides), never copied. Cases mat_mul_plan.ts declines and non-float32 inputs run the cpu kernel.
import { BatchMatMul, type BatchMatMulInputs, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { isMatMulAttrs } from './kernel_attrs.js';
import { matMulPlan } from './mat_mul_plan.js';
import { cpuKernel, float32OutputToOverwrite, float32Values, nativeContext } from './native_kernel.js';

const batchMatMul: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, BatchMatMul);
  const { a, b } = args.inputs as BatchMatMulInputs;
  const { attrs } = args;
  if (a === undefined || b === undefined || !isMatMulAttrs(attrs)) return cpuKernel(BatchMatMul)(args);
  const plan = matMulPlan(a, b, attrs.transposeA, attrs.transposeB);
  const aValues = float32Values(backend, a);
  const bValues = float32Values(backend, b);
  if (plan === null || aValues === null || bValues === null) return cpuKernel(BatchMatMul)(args);
  const out = float32OutputToOverwrite(backend, plan.outShape);
  addon.batchMatMul(aValues, bValues, out.values, plan.shape, attrs.transposeA, attrs.transposeB);
  return out.info;
};

export const batchMatMulConfig: KernelConfig = {
  kernelName: BatchMatMul,
  backendName: 'onednn',
  kernelFunc: batchMatMul,
};
