// TF.js Add on float32 through a native loop: equal shapes, a scalar, or a trailing broadcast such as the
// conv bias, x [n, h, w, c] + bias [c] (see cyclic_binary.ts). Other dtypes and broadcasts run the cpu kernel.
// A bias added to a pending conv or matmul output joins it instead (forward_epilogue.ts).
import { Add, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { cyclicBinaryKernel } from './cyclic_binary.js';
import { joinBias } from './forward_epilogue.js';
import { nativeContext } from './native_kernel.js';

const addElementwise = cyclicBinaryKernel(Add, (addon, a, b, out, inner) => addon.add(a, b, out, inner));

const add: KernelFunc = (args) => {
  const { backend } = nativeContext(args.backend, Add);
  const { a, b } = args.inputs;
  const joined = a === undefined || b === undefined ? null : joinBias(backend, a, b) ?? joinBias(backend, b, a);
  return joined ?? addElementwise(args);
};

export const addConfig: KernelConfig = {
  kernelName: Add,
  backendName: 'onednn',
  kernelFunc: add,
};
