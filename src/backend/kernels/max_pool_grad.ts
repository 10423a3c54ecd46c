// TF.js MaxPoolGrad natively: each dy cell goes to the first maximum of its window in x.
// dy: [n, outH, outW, C] NHWC; input x and dx: [n, inH, inW, C] NHWC. The forward output TF.js also passes
// is not needed: the native side finds each window's first maximum in x, as the cpu kernel does.
// dx is deferred (deferred_outputs.ts) with a recipe: when x is a relu's output and dx goes straight into
// that relu's gradient, relu_grad.ts runs both in one pass and dx itself is never written.
import { MaxPoolGrad, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { cpuKernel, deferredFloat32Output, float32Values, nativeContext, pendingRecipe } from './native_kernel.js';
import { poolGeometry } from './pool_geometry.js';

export interface MaxPoolGradRecipe {
  kind: 'maxPoolGrad';
  dy: Float32Array;
  x: TensorInfo;
  geometry: number[];
}

/** The recipe of a pending MaxPoolGrad output, if `dx` is one. */
export function pendingMaxPoolGrad(backend: MathBackendCPU, dx: TensorInfo): MaxPoolGradRecipe | undefined {
  return pendingRecipe<MaxPoolGradRecipe>(backend, dx, 'maxPoolGrad');
}

const maxPoolGrad: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, MaxPoolGrad);
  const { dy, input } = args.inputs;
  if (dy === undefined || input === undefined) return cpuKernel(MaxPoolGrad)(args);
  const geometry = poolGeometry(input.shape, args.attrs);
  const dyValues = float32Values(backend, dy);
  const xValues = float32Values(backend, input);
  if (geometry === null || dyValues === null || xValues === null) return cpuKernel(MaxPoolGrad)(args);
  const recipe: MaxPoolGradRecipe = { kind: 'maxPoolGrad', dy: dyValues, x: input, geometry };
  return deferredFloat32Output(backend, MaxPoolGrad, input.shape, [dy, input], (dx) => {
    addon.maxPoolGrad(dyValues, xValues, dx, geometry);
  }, recipe);
};

export const maxPoolGradConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: 'onednn',
  kernelFunc: maxPoolGrad,
};
