// Float32 tensor storage on 64-byte boundaries for the onednn backend. oneDNN's JIT GEMM reads its
// operands with vector loads that run at half speed off a 32-byte boundary, and Node's ArrayBuffers are
// only 16-byte aligned: the same 100 x 3136 x 1024 matmul took 4.5-5 ms with its weights 32- or 64-byte
// aligned and 8.5-11 ms at 16 or 48 bytes past a 64-byte boundary. Training updates weights in place, so
// a weight's alignment, and with it the run's speed, used to be fixed by chance at initialisation.
// An aligned array is a view at the first 64-byte boundary of an ordinary ArrayBuffer 64 bytes longer
// (memory stays V8's to free); the addon tells where the boundary is. Small arrays stay ordinary: below
// ALIGNED_MINIMUM_BYTES the native call costs more than alignment saves.
import type { NativeAddon } from './native_addon.js';

export const ALIGNED_MINIMUM_BYTES = 4096;

const ALIGNMENT = 64;

function worthAligning(length: number): boolean {
  return length * Float32Array.BYTES_PER_ELEMENT >= ALIGNED_MINIMUM_BYTES;
}

/** A new Float32Array of `length`, aligned when it is large; zero-filled unless `zeroFill` is false. */
export function newFloat32(addon: NativeAddon, length: number, zeroFill = true): Float32Array {
  if (!worthAligning(length)) return new Float32Array(length);
  const bytes = length * Float32Array.BYTES_PER_ELEMENT + ALIGNMENT;
  // allocUnsafeSlow never shares a pooled buffer; it skips the zero-fill the caller will overwrite.
  const buffer = zeroFill ? new ArrayBuffer(bytes) : Buffer.allocUnsafeSlow(bytes).buffer;
  const offset = (ALIGNMENT - addon.byteMisalignment(new Float32Array(buffer, 0, 1))) % ALIGNMENT;
  return new Float32Array(buffer, offset, length);
}

export function isAligned(addon: NativeAddon, values: Float32Array): boolean {
  return addon.byteMisalignment(values) % ALIGNMENT === 0;
}

/** `values` itself when it is small or already aligned, else an aligned copy. */
export function alignedFloat32(addon: NativeAddon, values: Float32Array): Float32Array {
  if (!worthAligning(values.length) || isAligned(addon, values)) return values;
  const copy = newFloat32(addon, values.length, false);
  copy.set(values);
  return copy;
}
