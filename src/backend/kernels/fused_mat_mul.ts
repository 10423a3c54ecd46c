// TF.js _FusedMatMul on oneDNN: BatchMatMul (layouts in batch_mat_mul.ts), + bias, then an activation,
// all in one primitive (bias and activation are oneDNN post-ops on the output). Only a per-column bias
// (n values, all other axes 1) is fused; other biases, prelu and non-float32 inputs run the cpu kernel.
// Its gradient (tfjs-core) runs BatchMatMul and element-wise kernels, not this one.
import {
  _FusedMatMul, type _FusedMatMulInputs, type KernelConfig, type KernelFunc,
} from '@tensorflow/tfjs-core';
import { channelBias } from './channel_bias.js';
import { isMatMulAttrs, nativeActivation } from './kernel_attrs.js';
import { matMulPlan } from './mat_mul_plan.js';
import { cpuKernel, float32OutputToOverwrite, float32Values, nativeContext } from './native_kernel.js';

const fusedMatMul: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, _FusedMatMul);
  const { a, b, bias } = args.inputs as _FusedMatMulInputs;
  const { attrs } = args;
  const fallback = () => cpuKernel(_FusedMatMul)(args);
  if (!isMatMulAttrs(attrs)) return fallback();
  const plan = matMulPlan(a, b, attrs.transposeA, attrs.transposeB);
  const activation = nativeActivation(attrs);
  const aValues = float32Values(backend, a);
  const bValues = float32Values(backend, b);
  if (plan === null || activation === null || aValues === null || bValues === null) return fallback();
  const biasValues = channelBias(backend, bias, plan.n, plan.outShape.length);
  if (biasValues === undefined) return fallback();
  const out = float32OutputToOverwrite(backend, plan.outShape);
  addon.fusedMatMul(aValues, bValues, biasValues, out.values, plan.shape, attrs.transposeA, attrs.transposeB,
    activation.activation, activation.alpha);
  return out.info;
};

export const fusedMatMulConfig: KernelConfig = {
  kernelName: _FusedMatMul,
  backendName: 'onednn',
  kernelFunc: fusedMatMul,
};
