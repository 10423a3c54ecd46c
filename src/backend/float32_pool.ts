// Large float32 buffers of the onednn backend's native kernel outputs, reused once no tensor holds them.
// A training step allocates the same sizes at every step; as fresh ArrayBuffers, seed-mnist's megabytes
// of activations and gradients made V8 run about six collections per step (two of them mark-compacts
// asked for by external memory), and each new buffer's pages were faulted in anew.
// A buffer can back several tensors: a cpu kernel may store a view of its input (a contiguous Slice), so
// the pool counts the tensors holding each buffer and takes it back only when the last one is disposed.
// Readers never get a pooled array itself: aligned storage is a partial view, which the backend copies
// on read (onednn_backend.ts).
import { newFloat32 } from './aligned_memory.js';
import type { NativeAddon } from './native_addon.js';

/** Smaller buffers are cheap to allocate and are not pooled. */
export const POOL_MINIMUM_BYTES = 256 * 1024;
/** The most the pool keeps unused, so a run that changes sizes (a shrink) does not hoard memory. */
export const POOL_MAX_FREE_BYTES = 256 * 1024 * 1024;

export class Float32Pool {
  private readonly free = new Map<number, Float32Array[]>();
  /** Pooled buffers handed out, with how many tensors hold each. */
  private readonly holders = new WeakMap<ArrayBufferLike, { array: Float32Array; tensors: number }>();
  private freeBytes = 0;

  constructor(private readonly addon: NativeAddon, private readonly maxFreeBytes = POOL_MAX_FREE_BYTES) {}

  /** An aligned array of `length` (newFloat32's), reused when one of that length is free. */
  take(length: number, zeroFill: boolean): Float32Array {
    const bytes = length * Float32Array.BYTES_PER_ELEMENT;
    if (bytes < POOL_MINIMUM_BYTES) return newFloat32(this.addon, length, zeroFill);
    const reused = this.free.get(length)?.pop();
    if (reused !== undefined) this.freeBytes -= bytes;
    if (reused !== undefined && zeroFill) reused.fill(0);
    const array = reused ?? newFloat32(this.addon, length, zeroFill);
    this.holders.set(array.buffer, { array, tensors: 0 });
    return array;
  }

  /** A tensor now stores `values`: a pooled array or a view of one. */
  hold(values: Float32Array): void {
    const holder = this.holders.get(values.buffer);
    if (holder !== undefined) holder.tensors++;
  }

  /** A tensor that stored `values` is gone; the buffer is free again once no tensor holds it. */
  release(values: Float32Array): void {
    const holder = this.holders.get(values.buffer);
    if (holder === undefined || --holder.tensors > 0) return;
    this.holders.delete(values.buffer);
    const { array } = holder;
    const bytes = array.length * Float32Array.BYTES_PER_ELEMENT;
    if (this.freeBytes + bytes > this.maxFreeBytes) return;
    this.freeBytes += bytes;
    const list = this.free.get(array.length) ?? [];
    list.push(array);
    this.free.set(array.length, list);
  }

  /**
   * Whether `values` is a whole pooled array that one tensor alone holds. Such storage was made by a
   * kernel, never handed in by a caller, so its one holder may edit it in place.
   */
  heldWholeByOne(values: Float32Array): boolean {
    const holder = this.holders.get(values.buffer);
    return holder !== undefined && holder.tensors === 1 &&
      values.byteOffset === holder.array.byteOffset && values.length === holder.array.length;
  }

  /** Bytes held unused, for tests. */
  get unusedBytes(): number {
    return this.freeBytes;
  }
}
