// Per-channel sums of kernel outputs, known because the kernel that wrote them also summed them: a relu
// gradient (kernels/relu_grad.ts) sums its output per channel while writing it, and the bias gradient that
// follows, a Sum of that output over every axis but the last, is then read from here instead of from
// another pass over the whole activation.
import type { DataId } from '@tensorflow/tfjs-core';

export class ChannelSums {
  private readonly known = new WeakMap<DataId, Float32Array>();

  remember(dataId: DataId, sums: Float32Array): void {
    this.known.set(dataId, sums);
  }

  /** The sums over every axis but the last of the data, if its kernel took them. */
  lookup(dataId: DataId): Float32Array | undefined {
    return this.known.get(dataId);
  }

  /** The data is about to change in place (a variable's in-place update): its sums no longer hold. */
  forget(dataId: DataId): void {
    this.known.delete(dataId);
  }
}
