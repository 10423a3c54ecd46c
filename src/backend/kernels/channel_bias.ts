// The bias a fused kernel (_FusedMatMul, FusedConv2D) can hand to oneDNN: one value per output channel,
// i.e. shape [c], [1, c], ... with every axis but the last of size 1 and rank at most the output's
// (a higher rank would broadcast the output itself, which TF.js's add does and the native kernel cannot).
import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { float32Values } from './native_kernel.js';

/** The bias buffer when it is one value per output column: null when absent, undefined when unfusable. */
export function channelBias(backend: MathBackendCPU, bias: TensorInfo | undefined, channels: number,
  outRank: number): Float32Array | null | undefined {
  if (bias === undefined) return null;
  const size = bias.shape.reduce((total, dim) => total * dim, 1);
  const perChannel = bias.shape.length >= 1 && bias.shape.length <= outRank && size === channels &&
    bias.shape[bias.shape.length - 1] === channels;
  return perChannel ? float32Values(backend, bias) ?? undefined : undefined;
}
