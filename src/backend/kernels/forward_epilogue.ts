// A layer's forward pass as one native call. Under a gradient tape TF.js runs tfjs-layers' Conv2D and Dense
// unfused (tf.fused.* only fuses a linear activation there): a conv or matmul, an Add of the bias, then a
// Relu, each writing and reading the whole activation. Here the conv or matmul output is deferred
// (deferred_outputs.ts) with a recipe, and an Add of a per-channel bias or a Relu reading that pending
// output only extends the recipe; whatever is read first runs it as one fused oneDNN primitive (bias and
// relu as post-ops). The unread intermediates are never computed: the gradients of Conv2D, BatchMatMul
// and Add need only their inputs' values and shapes, and the Relu gradient (relu_gradient.ts) reads the
// relu's output. Read anyway, an intermediate is computed from its own recipe, with its own values.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { deferredFloat32Output, float32Values, pendingRecipe } from './native_kernel.js';

export type EpilogueActivation = 'linear' | 'relu';

export interface ForwardRecipe {
  kind: 'forward';
  /** Kernel names for profiles: the op alone ("Conv2D") and with a bias or relu ("FusedConv2D"). */
  kernels: { plain: string; fused: string };
  /** The conv's or matmul's own inputs. */
  inputs: TensorInfo[];
  /** The output's last axis, which a bias runs along. */
  channels: number;
  bias: TensorInfo | null;
  activation: EpilogueActivation;
  /** Writes the output: the conv or matmul, then + bias (if not null), then the activation. */
  run(bias: Float32Array | null, activation: EpilogueActivation, out: Float32Array): void;
}

/** A conv or matmul output of `shape`, deferred with its recipe so a following bias add and relu join it. */
export function deferForward(backend: MathBackendCPU, shape: number[], recipe: ForwardRecipe): TensorInfo {
  const inputs = recipe.bias === null ? recipe.inputs : [...recipe.inputs, recipe.bias];
  const bare = recipe.bias === null && recipe.activation === 'linear';
  return deferredFloat32Output(backend, bare ? recipe.kernels.plain : recipe.kernels.fused, shape, inputs, (out) => {
    const bias = recipe.bias === null ? null : float32Values(backend, recipe.bias);
    recipe.run(bias, recipe.activation, out);
  }, recipe);
}

/** One value per channel: [c], [1, c], ... */
function isChannelVector(tensor: TensorInfo, channels: number): boolean {
  const last = tensor.shape[tensor.shape.length - 1];
  return tensor.dtype === 'float32' && last === channels && tensor.shape.every((dim, axis, shape) =>
    axis === shape.length - 1 || dim === 1);
}

/** x + bias as the recipe of a pending x, when x is a bare conv or matmul and bias one value per channel. */
export function joinBias(backend: MathBackendCPU, x: TensorInfo, bias: TensorInfo): TensorInfo | null {
  const recipe = pendingRecipe<ForwardRecipe>(backend, x, 'forward');
  if (recipe === undefined || recipe.bias !== null || recipe.activation !== 'linear') return null;
  // The sum must have x's shape, with the bias along x's last axis: the recipe's channels.
  if (x.shape[x.shape.length - 1] !== recipe.channels || !isChannelVector(bias, recipe.channels) ||
    bias.shape.length > x.shape.length) {
    return null;
  }
  return deferForward(backend, x.shape, { ...recipe, bias });
}

/** relu(x) as the recipe of a pending x, when x is a conv or matmul with at most a bias added. */
export function joinRelu(backend: MathBackendCPU, x: TensorInfo): TensorInfo | null {
  const recipe = pendingRecipe<ForwardRecipe>(backend, x, 'forward');
  if (recipe === undefined || recipe.activation !== 'linear' || x.dtype !== 'float32') return null;
  return deferForward(backend, x.shape, { ...recipe, activation: 'relu' });
}
