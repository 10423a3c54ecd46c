// Batch normalisation's output as a pending per-channel affine map, so that an activation reading it joins
// it. In training, BatchNormalization then ReLU (ResNet) or ReLU6 (MobileNetV2) wrote the normalised
// activation and read it back to clip it; here FusedBatchNorm and CgesBatchNormTraining defer their output
// (deferred_outputs.ts) with this recipe, and a Relu or Relu6 reading that pending output defers
// act(normalised) instead, from the same operands, in one pass (native/channel_affine.h). Nothing needs
// the normalised values themselves: the batch-norm gradients read x and the statistics, and the relu
// gradients the activation's output. Read anyway, it is computed from its own recipe.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { NativeAddon, NormaliseActivation } from '../native_addon.js';
import { deferredFloat32Output, float32Values, pendingRecipe } from './native_kernel.js';

export interface NormaliseRecipe {
  kind: 'normalise';
  /** The normalising kernel's name, for profiles. */
  kernel: string;
  x: TensorInfo;
  /** One value per channel each (x's last axis); offset and scale may be absent (0 and 1). */
  mean: TensorInfo;
  variance: TensorInfo;
  offset: TensorInfo | null;
  scale: TensorInfo | null;
  epsilon: number;
  activation: NormaliseActivation;
}

/** act(offset + (x - mean) * scale / sqrt(variance + epsilon)), computed when first read. */
export function deferNormalise(backend: MathBackendCPU, addon: NativeAddon, recipe: NormaliseRecipe): TensorInfo {
  const { x, mean, variance, offset, scale } = recipe;
  const operands = [x, mean, variance, offset, scale];
  const inputs = operands.filter((t): t is TensorInfo => t !== null);
  const name = recipe.activation === 'linear' ? recipe.kernel
    : `${recipe.kernel}+${recipe.activation === 'relu' ? 'Relu' : 'Relu6'}`;
  return deferredFloat32Output(backend, name, x.shape, inputs, (out) => {
    const [xs, means, variances, offsets, scales] = operands.map((t) =>
      (t === null ? null : float32Values(backend, t)));
    if (xs === null || means === null || variances === null) {
      throw new Error(`cges: ${recipe.kernel} lost its float32 operands before its output was read`);
    }
    addon.fusedBatchNorm(xs, means, variances, offsets, scales, out, recipe.epsilon, recipe.activation);
  }, recipe);
}

/** act(x) as the recipe of a pending linear batch-normalised x, or null. */
export function joinNormaliseActivation(backend: MathBackendCPU, addon: NativeAddon, x: TensorInfo,
  activation: 'relu' | 'relu6'): TensorInfo | null {
  const recipe = pendingRecipe<NormaliseRecipe>(backend, x, 'normalise');
  if (recipe === undefined || recipe.activation !== 'linear') return null;
  return deferNormalise(backend, addon, { ...recipe, activation });
}
