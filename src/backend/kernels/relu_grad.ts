// CgesReluGrad, a kernel of the onednn backend alone: the relu's gradient dy * step(x) in one native pass,
// equal to TF.js's mul(dy, step(x)) element for element. The Relu gradient of relu_gradient.ts runs it, with
// x the relu's output. dy, x: float32 of one shape.
// Two passes are saved on the way. The output's per-channel sums (the bias gradient that follows) are taken
// while it is written and kept in the backend's channel sums for sum.ts. And when dy is a pending max-pool
// gradient over this same x (a relu, then a max pool), that gradient is computed here, in the same pass.
import { util, type KernelConfig, type KernelFunc } from '@tensorflow/tfjs-core';
import { pendingMaxPoolGrad } from './max_pool_grad.js';
import { float32OutputToOverwrite, float32Values, nativeContext, oneDnnParts } from './native_kernel.js';

export const RELU_GRAD = 'CgesReluGrad';

const reluGrad: KernelFunc = (args) => {
  const { backend, addon } = nativeContext(args.backend, RELU_GRAD);
  const { dy, x } = args.inputs;
  const xValues = x === undefined ? null : float32Values(backend, x);
  if (dy === undefined || x === undefined || xValues === null || dy.dtype !== 'float32' ||
    !util.arraysEqual(dy.shape, x.shape)) {
    throw new Error(`cges: ${RELU_GRAD} takes float32 dy and x of one shape`);
  }
  const out = float32OutputToOverwrite(backend, x.shape);
  const channels = x.shape[x.shape.length - 1];
  const sums = x.shape.length >= 2 && channels > 0 ? new Float32Array(channels) : undefined;
  const pool = pendingMaxPoolGrad(backend, dy);
  // The same storage under another shape (a Reshape between the relu and the pool) is another pooling.
  if (pool !== undefined && pool.x.dataId === x.dataId && util.arraysEqual(pool.x.shape, x.shape) &&
    sums !== undefined) {
    addon.maxPoolGrad(pool.dy, xValues, out.values, pool.geometry, sums);
  } else {
    // Read only here: reading a pending max-pool gradient computes it.
    const dyValues = float32Values(backend, dy);
    if (dyValues === null) throw new Error(`cges: ${RELU_GRAD} found no float32 values in dy`);
    if (sums === undefined) addon.reluGrad(dyValues, xValues, out.values);
    else addon.reluGrad(dyValues, xValues, out.values, channels, sums);
  }
  if (sums !== undefined) oneDnnParts(backend).channelSums?.remember(out.info.dataId, sums);
  return out.info;
};

export const reluGradConfig: KernelConfig = {
  kernelName: RELU_GRAD,
  backendName: 'onednn',
  kernelFunc: reluGrad,
};
