// TF.js Slice on the onednn backend. A slice whose elements are contiguous in x goes to the cpu kernel,
// which stores a view of x's array (no copy at all); any other is copied run by run (row_copies.ts): a run
// spans the slice's last axis and every trailing axis it takes whole, where the cpu kernel visits each
// element through index arithmetic.
import { Slice, slice_util, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { cpuKernel, nativeContext } from './native_kernel.js';
import { copyRun, outputToOverwrite, storedNumbers } from './row_copies.js';

const slice: KernelFunc = (args) => {
  const { backend } = nativeContext(args.backend, Slice);
  const { x } = args.inputs;
  const { begin, size } = args.attrs ?? {};
  const source = x === undefined ? undefined : storedNumbers(backend, x);
  const isList = (value: unknown): value is number | number[] => typeof value === 'number' ||
    (Array.isArray(value) && value.every((item) => typeof item === 'number'));
  if (x === undefined || source === undefined || !isList(begin) || !isList(size) || x.shape.length === 0) {
    return cpuKernel(Slice)(args);
  }
  const [start, extent] = slice_util.parseSliceParams(x, begin, size);
  slice_util.assertParamsValid(x, start, extent);
  if (slice_util.isSliceContinous(x.shape, start, extent)) return cpuKernel(Slice)(args);
  const rank = x.shape.length;
  const strides: number[] = new Array<number>(rank).fill(1);
  for (let axis = rank - 2; axis >= 0; axis--) strides[axis] = strides[axis + 1] * x.shape[axis + 1];
  // Axis `runAxis` and every axis after it form one contiguous run of `run` elements.
  let runAxis = rank - 1;
  let run = extent[runAxis];
  while (runAxis > 0 && extent[runAxis] === x.shape[runAxis]) {
    runAxis -= 1;
    run *= extent[runAxis];
  }
  const out = outputToOverwrite(backend, extent, x.dtype);
  if (out.values.length === 0) return out.info;
  // An odometer over the axes before runAxis.
  const index = new Array<number>(runAxis).fill(0);
  for (let to = 0; to < out.values.length; to += run) {
    let from = start[runAxis] * strides[runAxis];
    for (let axis = 0; axis < runAxis; axis++) from += (start[axis] + index[axis]) * strides[axis];
    copyRun(source, from, out.values, to, run);
    for (let axis = runAxis - 1; axis >= 0 && ++index[axis] === extent[axis]; axis--) index[axis] = 0;
  }
  return out.info;
};

export const sliceConfig: KernelConfig = {
  kernelName: Slice,
  backendName: 'onednn',
  kernelFunc: slice,
};
