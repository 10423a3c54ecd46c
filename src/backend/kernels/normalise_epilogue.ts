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
  const inputs = [x, mean, variance, offset, scale].filter((t): t is TensorInfo => t !== null);
  const name = recipe.activation === 'linear' ? recipe.kernel
    : `${recipe.kernel}+${recipe.activation === 'relu' ? 'Relu' : 'Relu6'}`;
  return deferredFloat32Output(backend, name, x.shape, inputs, (out) => {
    const v = normaliseOperands(backend, recipe);
    addon.fusedBatchNorm(v.x, v.mean, v.variance, v.offset, v.scale, out, recipe.epsilon, recipe.activation);
  }, recipe);
}

/** The float32 values of a recipe's operands, in the order x, mean, variance, offset, scale. */
export function normaliseOperands(backend: MathBackendCPU, recipe: NormaliseRecipe): {
  x: Float32Array; mean: Float32Array; variance: Float32Array; offset: Float32Array | null;
  scale: Float32Array | null;
} {
  const [x, mean, variance, offset, scale] = [recipe.x, recipe.mean, recipe.variance, recipe.offset, recipe.scale]
    .map((t) => (t === null ? null : float32Values(backend, t)));
  if (x === null || mean === null || variance === null) {
    throw new Error(`cges: ${recipe.kernel} lost its float32 operands before its output was read`);
  }
  return { x, mean, variance, offset, scale };
}

/**
 * The gradient of relu6 where relu6's input is a pending linear batch normalisation: dy * mask(v), its
 * mask taken of v recomputed from the normalisation's operands, so v is never written. Deferred too, so
 * that the batch-norm gradient reading it takes dy and the mask in its own passes
 * (batch_norm_training_grad.ts).
 */
export interface NormalisedRelu6GradRecipe {
  kind: 'normalisedRelu6Grad';
  dy: TensorInfo;
  normalise: NormaliseRecipe;
}

export function deferNormalisedRelu6Grad(backend: MathBackendCPU, addon: NativeAddon, kernel: string,
  dy: TensorInfo, x: TensorInfo): TensorInfo | null {
  const normalise = pendingRecipe<NormaliseRecipe>(backend, x, 'normalise');
  if (normalise === undefined || normalise.activation !== 'linear' || dy.dtype !== 'float32') return null;
  const { mean, variance, offset, scale } = normalise;
  const inputs = [dy, normalise.x, mean, variance, offset, scale].filter((t): t is TensorInfo => t !== null);
  const recipe: NormalisedRelu6GradRecipe = { kind: 'normalisedRelu6Grad', dy, normalise };
  return deferredFloat32Output(backend, kernel, x.shape, inputs, (out) => {
    const dyValues = float32Values(backend, dy);
    const v = normaliseOperands(backend, normalise);
    if (dyValues === null) throw new Error(`cges: ${kernel} lost its float32 dy before its output was read`);
    addon.normalisedRelu6Grad(dyValues, v.x, v.mean, v.variance, v.offset, v.scale, out, normalise.epsilon);
  }, recipe);
}

/** act(x) as the recipe of a pending linear batch-normalised x, or null. */
export function joinNormaliseActivation(backend: MathBackendCPU, addon: NativeAddon, x: TensorInfo,
  activation: 'relu' | 'relu6'): TensorInfo | null {
  const recipe = pendingRecipe<NormaliseRecipe>(backend, x, 'normalise');
  if (recipe === undefined || recipe.activation !== 'linear') return null;
  return deferNormalise(backend, addon, { ...recipe, activation });
}
