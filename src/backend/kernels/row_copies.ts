// Contiguous runs copied between typed arrays, for the onednn kernels that move data without computing
// (GatherV2, Slice, Concat: every input pipeline runs them). The cpu kernels visit each element through
// TensorBuffer index arithmetic; a run of a row is one TypedArray.set, which is memcpy.
import { util, type DataType, type TensorInfo, type TypedArray } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { float32OutputToOverwrite } from './native_kernel.js';

// Below this many elements a run is copied element by element: a subarray per run costs more.
const SUBARRAY_MINIMUM = 16;

/** out[to, to + length) = source[from, from + length). */
export function copyRun(source: TypedArray, from: number, out: TypedArray, to: number, length: number): void {
  if (length >= SUBARRAY_MINIMUM) {
    out.set(source.subarray(from, from + length), to);
    return;
  }
  for (let k = 0; k < length; k++) out[to + k] = source[from + k];
}

/** A tensor's stored numeric array, or undefined for strings (the caller falls back to the cpu kernel). */
export function storedNumbers(backend: MathBackendCPU, tensor: TensorInfo): TypedArray | undefined {
  if (tensor.dtype === 'string' || tensor.dtype === 'complex64') return undefined;
  const values = backend.data.get(tensor.dataId).values;
  return values instanceof Float32Array || values instanceof Int32Array || values instanceof Uint8Array
    ? values : undefined;
}

/** A new tensor of `shape` and `dtype` whose every element the caller writes into `values`. */
export function outputToOverwrite(backend: MathBackendCPU, shape: number[], dtype: DataType): { info: TensorInfo;
  values: TypedArray } {
  if (dtype === 'float32') return float32OutputToOverwrite(backend, shape);
  if (dtype !== 'int32' && dtype !== 'bool') throw new Error(`cges: a ${dtype} tensor is not a numeric output`);
  const values = util.getTypedArrayFromDType(dtype, util.sizeFromShape(shape));
  return { info: backend.makeTensorInfo(shape, dtype, values), values };
}
