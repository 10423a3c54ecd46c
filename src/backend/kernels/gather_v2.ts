// TF.js GatherV2 on the onednn backend as row copies: every model.fit batch is a gather of batchSize rows
// from the whole training set. The cpu kernel reads each output element through TensorBuffer.get and
// index arithmetic; here each gathered slice (the axes after the gather axis) is one contiguous copy out
// of the stored array, so a batch costs its own size whatever the size of the set. No native twin: a
// typed-array copy is already memcpy, and the addon call would cost more than it saves.
import {
  backend_util, GatherV2, util, type KernelConfig, type KernelFunc, type TypedArray,
} from '@tensorflow/tfjs-core';
import { cpuKernel, float32OutputToOverwrite, nativeContext } from './native_kernel.js';

// Below this many elements a slice is copied element by element: a subarray per slice costs more.
const SUBARRAY_MINIMUM = 16;

function copySlice(source: TypedArray, from: number, out: TypedArray, to: number, length: number): void {
  if (length >= SUBARRAY_MINIMUM) {
    out.set(source.subarray(from, from + length), to);
    return;
  }
  for (let k = 0; k < length; k++) out[to + k] = source[from + k];
}

const gatherV2: KernelFunc = (args) => {
  const { backend } = nativeContext(args.backend, GatherV2);
  const { x, indices } = args.inputs;
  const { axis, batchDims } = args.attrs ?? {};
  const source = x === undefined ? undefined : backend.data.get(x.dataId).values;
  const indexValues = indices === undefined ? undefined : backend.data.get(indices.dataId).values;
  if (x === undefined || indices === undefined || x.dtype === 'string' || x.dtype === 'complex64' ||
    !(source instanceof Float32Array || source instanceof Int32Array || source instanceof Uint8Array) ||
    !(indexValues instanceof Int32Array || indexValues instanceof Float32Array) || typeof axis !== 'number' ||
    !(batchDims === undefined || typeof batchDims === 'number')) {
    return cpuKernel(GatherV2)(args);
  }
  const gatherAxis = util.parseAxisParam(axis, x.shape)[0];
  const axisSize = x.shape[gatherAxis];
  for (const index of indexValues) {
    // The cpu kernel's check and message.
    util.assert(index <= axisSize - 1 && index >= 0, () => `GatherV2: the index value ${index} is not in [0, ${axisSize - 1}]`);
  }
  const { batchSize, outerSize, dimSize, sliceSize, outputShape } =
    backend_util.segment_util.collectGatherOpShapeInfo(x, indices, gatherAxis, batchDims ?? 0);
  const perBatch = indexValues.length / batchSize;
  const size = util.sizeFromShape(outputShape);
  const float32 = x.dtype === 'float32' ? float32OutputToOverwrite(backend, outputShape) : undefined;
  const out = float32?.values ?? util.getTypedArrayFromDType(x.dtype, size);
  for (let b = 0; b < batchSize; b++) {
    for (let o = 0; o < outerSize; o++) {
      const sourceRows = (b * outerSize + o) * dimSize;
      const outRows = (b * outerSize + o) * perBatch;
      for (let i = 0; i < perBatch; i++) {
        const row = indexValues[b * perBatch + i];
        copySlice(source, (sourceRows + row) * sliceSize, out, (outRows + i) * sliceSize, sliceSize);
      }
    }
  }
  return float32?.info ?? backend.makeTensorInfo(outputShape, x.dtype, out);
};

export const gatherV2Config: KernelConfig = {
  kernelName: GatherV2,
  backendName: 'onednn',
  kernelFunc: gatherV2,
};
