// GFLOPS of each hot seed-mnist kernel through the TF.js op on onednn against the same computation
// called straight through the addon. The ratio is what TF.js dispatch, allocation and our kernel glue
// cost on top of oneDNN itself.
import * as tf from '@tensorflow/tfjs-core';
import type { NativeAddon } from '../src/backend/native_addon.js';
import { seedMnistHotKernels } from './hot_kernels.js';
import { budgetedMedianMs, type Budget } from './timing.js';

export interface KernelGflopsResult {
  kernel: string;
  flops: number;
  tfjsMs: number;
  directMs: number;
  tfjsGflops: number;
  directGflops: number;
  /** tfjs / direct throughput: 1 means no overhead over oneDNN. */
  ratio: number;
}

function gflops(flops: number, ms: number): number {
  return flops / (ms * 1e6);
}

/** Runs on the current backend, which should be onednn for the comparison to mean anything. */
export function measureKernelGflops(addon: NativeAddon, quick: boolean,
  onResult: (result: KernelGflopsResult) => void): KernelGflopsResult[] {
  const budget: Budget = { budgetMs: quick ? 150 : 500, maxRepeats: quick ? 3 : 7, minRepeatMs: 30 };
  const keep: tf.Tensor[] = [];
  try {
    return seedMnistHotKernels(addon, keep).map((kernel) => {
      const tfjsMs = budgetedMedianMs(kernel.viaTfjs, budget).ms;
      const directMs = budgetedMedianMs(kernel.direct, budget).ms;
      const result: KernelGflopsResult = {
        kernel: kernel.name, flops: kernel.flops, tfjsMs, directMs,
        tfjsGflops: gflops(kernel.flops, tfjsMs), directGflops: gflops(kernel.flops, directMs),
        ratio: directMs / tfjsMs,
      };
      onResult(result);
      return result;
    });
  } finally {
    tf.dispose(keep);
  }
}
