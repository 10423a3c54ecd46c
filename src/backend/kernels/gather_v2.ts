// TF.js GatherV2 on the onednn backend as row copies: every model.fit batch is a gather of batchSize rows
// from the whole training set. The cpu kernel reads each output element through TensorBuffer.get and
// index arithmetic; here each gathered slice (the axes after the gather axis) is one contiguous copy out
// of the stored array (row_copies.ts), so a batch costs its own size whatever the size of the set. No
// native twin: a typed-array copy is already memcpy, and the addon call would cost more than it saves.
import {
  backend_util, GatherV2, util, type KernelConfig, type KernelFunc,
} from '@tensorflow/tfjs-core';
import { cpuKernel, nativeContext } from './native_kernel.js';
import { copyRun, outputToOverwrite, storedNumbers } from './row_copies.js';

const gatherV2: KernelFunc = (args) => {
  const { backend } = nativeContext(args.backend, GatherV2);
  const { x, indices } = args.inputs;
  const { axis, batchDims } = args.attrs ?? {};
  const source = x === undefined ? undefined : storedNumbers(backend, x);
  const indexValues = indices === undefined ? undefined : storedNumbers(backend, indices);
  if (x === undefined || indices === undefined || source === undefined || indexValues === undefined ||
    typeof axis !== 'number' ||
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
  const out = outputToOverwrite(backend, outputShape, x.dtype);
  for (let b = 0; b < batchSize; b++) {
    for (let o = 0; o < outerSize; o++) {
      const sourceRows = (b * outerSize + o) * dimSize;
      const outRows = (b * outerSize + o) * perBatch;
      for (let i = 0; i < perBatch; i++) {
        const row = indexValues[b * perBatch + i];
        copyRun(source, (sourceRows + row) * sliceSize, out.values, (outRows + i) * sliceSize, sliceSize);
      }
    }
  }
  return out.info;
};

export const gatherV2Config: KernelConfig = {
  kernelName: GatherV2,
  backendName: 'onednn',
  kernelFunc: gatherV2,
};
