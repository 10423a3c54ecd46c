// TF.js TensorScatterUpdate on the onednn backend: the cpu kernel writes the updates into the buffer it
// reads `tensor` through (Scatter_impl's default-value buffer), and on this backend that buffer is the
// stored array itself (onednn_backend.ts's bufferSync), so the kernel here hands it a copy to write.
import { TensorScatterUpdate, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { cpuKernel, nativeContext } from './native_kernel.js';

const tensorScatterUpdate: KernelFunc = (args) => {
  const { backend } = nativeContext(args.backend, TensorScatterUpdate);
  const { tensor } = args.inputs;
  const values = tensor === undefined ? undefined : backend.data.get(tensor.dataId).values;
  if (tensor === undefined || !(values instanceof Float32Array || values instanceof Int32Array ||
    values instanceof Uint8Array)) {
    return cpuKernel(TensorScatterUpdate)(args);
  }
  const copy = backend.makeTensorInfo(tensor.shape, tensor.dtype, values.slice());
  try {
    return cpuKernel(TensorScatterUpdate)({ ...args, inputs: { ...args.inputs, tensor: copy } });
  } finally {
    backend.disposeIntermediateTensorInfo(copy);
  }
};

export const tensorScatterUpdateConfig: KernelConfig = {
  kernelName: TensorScatterUpdate,
  backendName: 'onednn',
  kernelFunc: tensorScatterUpdate,
};
