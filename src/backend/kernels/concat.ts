// TF.js Concat on the onednn backend: the output viewed as [rows, columns] (rows the axes before `axis`),
// each input's part of a row copied as one run (row_copies.ts), where the cpu kernel copies element by
// element whenever there is more than one row.
import { backend_util, Concat, util, type KernelConfig, type KernelFunc, type TensorInfo,
  type TypedArray } from '@tensorflow/tfjs-core';
import { cpuKernel, nativeContext } from './native_kernel.js';
import { copyRun, outputToOverwrite, storedNumbers } from './row_copies.js';

const concat: KernelFunc = (args) => {
  const { backend } = nativeContext(args.backend, Concat);
  const inputs = Object.values(args.inputs).filter((input): input is TensorInfo => input !== undefined);
  const axis = args.attrs?.axis;
  const first = inputs[0];
  if (first === undefined || typeof axis !== 'number') return cpuKernel(Concat)(args);
  const concatAxis = util.parseAxisParam(axis, first.shape)[0];
  const shapes = inputs.map((input) => input.shape);
  backend_util.assertParamsConsistent(shapes, concatAxis);
  const outShape = backend_util.computeOutShape(shapes, concatAxis);
  const parts = inputs.filter((input) => util.sizeFromShape(input.shape) > 0);
  const sources = parts.map((input) => storedNumbers(backend, input));
  if (parts.length < 2 || parts.some((input) => input.dtype !== first.dtype) ||
    !sources.every((source): source is TypedArray => source !== undefined)) {
    return cpuKernel(Concat)(args);
  }
  const rows = util.sizeFromShape(outShape.slice(0, concatAxis));
  const columns = parts.map((input) => util.sizeFromShape(input.shape.slice(concatAxis)));
  const out = outputToOverwrite(backend, outShape, first.dtype);
  let to = 0;
  for (let row = 0; row < rows; row++) {
    sources.forEach((source, i) => {
      copyRun(source, row * columns[i], out.values, to, columns[i]);
      to += columns[i];
    });
  }
  return out.info;
};

export const concatConfig: KernelConfig = {
  kernelName: Concat,
  backendName: 'onednn',
  kernelFunc: concat,
};
