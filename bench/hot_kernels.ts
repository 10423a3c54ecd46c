// The hot kernels of a seed-mnist training step (batch 100), each runnable two ways: through the TF.js op
// on the current backend (what training pays, dispatch and allocation included) and straight through the
// addon into preallocated arrays (oneDNN's own throughput for that shape).
// Shapes: conv1 x [100,28,28,1] * w [5,5,1,32] SAME; conv2 x [100,14,14,32] * w [5,5,32,64] SAME;
// fc1 [100,3136] x [3136,1024]; fc2 [100,1024] x [1024,10].
import * as tf from '@tensorflow/tfjs-core';
import { convGeometry } from '../src/backend/kernels/conv_geometry.js';
import type { NativeAddon } from '../src/backend/native_addon.js';

export interface HotKernel {
  name: string;
  /** Floating-point operations of one call (2 per multiply-accumulate). */
  flops: number;
  viaTfjs: () => void;
  direct: () => void;
}

const BATCH = 100;
type Shape4 = [number, number, number, number];

/**
 * Disposes the op's output after reading its storage in place: the onednn backend computes some outputs
 * only when read (src/backend/deferred_outputs.ts), and disposing one unread would time nothing.
 */
function computeAndDispose(output: tf.Tensor): void {
  const backend = tf.backend() as tf.KernelBackend & { data?: { get(dataId: tf.DataId): { values: unknown } } };
  void backend.data?.get(output.dataId).values;
  tf.dispose(output);
}

function randomArray(size: number): Float32Array {
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = Math.random() - 0.5;
  return values;
}

/** The native geometry of a convolution the addon must cover (a SAME conv with stride 1 always is). */
function nativeGeometry(info: tf.backend_util.Conv2DInfo, layer: string): number[] {
  const geometry = convGeometry(info);
  if (geometry === null) throw new Error(`the native conv kernels do not cover ${layer}`);
  return geometry;
}

function convKernels(layer: string, xShape: Shape4, filterShape: Shape4, addon: NativeAddon,
  keep: tf.Tensor[]): HotKernel[] {
  const info = tf.backend_util.computeConv2DInfo(xShape, filterShape, 1, 1, 'same');
  const geometry = nativeGeometry(info, layer);
  const yShape: Shape4 = [info.batchSize, info.outHeight, info.outWidth, info.outChannels];
  const flops = 2 * info.batchSize * info.outHeight * info.outWidth * info.outChannels *
    info.filterHeight * info.filterWidth * info.inChannels;
  const x = randomArray(info.batchSize * info.inHeight * info.inWidth * info.inChannels);
  const w = randomArray(filterShape.reduce((a, b) => a * b));
  const bias = randomArray(info.outChannels);
  const dy = randomArray(yShape.reduce((a, b) => a * b));
  const [xT, wT, biasT, dyT] = [tf.tensor4d(x, xShape), tf.tensor4d(w, filterShape), tf.tensor1d(bias),
    tf.tensor4d(dy, yShape)];
  keep.push(xT, wT, biasT, dyT);
  const y = new Float32Array(dy.length);
  const dx = new Float32Array(x.length);
  const dw = new Float32Array(w.length);
  return [
    {
      name: `${layer} forward (+bias, relu)`, flops,
      viaTfjs: () => tf.dispose(tf.fused.conv2d({ x: xT, filter: wT, strides: 1, pad: 'same', bias: biasT, activation: 'relu' })),
      direct: () => addon.fusedConv2d(x, w, bias, y, geometry, 'relu', 0),
    },
    {
      name: `${layer} backprop-input`, flops,
      viaTfjs: () => computeAndDispose(tf.conv2dTranspose(dyT, wT, xShape, 1, 'same')),
      direct: () => addon.conv2dBackpropInput(dy, w, dx, geometry),
    },
    {
      name: `${layer} backprop-filter`, flops,
      viaTfjs: () => tf.dispose(tf.engine().runKernel('Conv2DBackpropFilter', { x: xT, dy: dyT },
        { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape })),
      direct: () => addon.conv2dBackpropFilter(x, dy, dw, geometry),
    },
  ];
}

/** A dense layer [m, k] x [k, n]: forward with bias and relu, and its two gradients. */
function denseKernels(layer: string, m: number, k: number, n: number, addon: NativeAddon,
  keep: tf.Tensor[]): HotKernel[] {
  const flops = 2 * m * k * n;
  const x = randomArray(m * k);
  const w = randomArray(k * n);
  const bias = randomArray(n);
  const dy = randomArray(m * n);
  const [xT, wT, biasT, dyT] = [tf.tensor2d(x, [m, k]), tf.tensor2d(w, [k, n]), tf.tensor1d(bias), tf.tensor2d(dy, [m, n])];
  keep.push(xT, wT, biasT, dyT);
  const y = new Float32Array(m * n);
  const dx = new Float32Array(m * k);
  const dw = new Float32Array(k * n);
  return [
    {
      name: `${layer} forward (+bias, relu)`, flops,
      viaTfjs: () => tf.dispose(tf.fused.matMul({ a: xT, b: wT, bias: biasT, activation: 'relu' })),
      direct: () => addon.fusedMatMul(x, w, bias, y, [1, 1, m, k, n], false, false, 'relu', 0),
    },
    {
      // dx = dy W^T
      name: `${layer} backprop-input`, flops,
      viaTfjs: () => computeAndDispose(tf.matMul(dyT, wT, false, true)),
      direct: () => addon.batchMatMul(dy, w, dx, [1, 1, m, n, k], false, true),
    },
    {
      // dW = x^T dy
      name: `${layer} backprop-weights`, flops,
      viaTfjs: () => computeAndDispose(tf.matMul(xT, dyT, true, false)),
      direct: () => addon.batchMatMul(x, dy, dw, [1, 1, k, m, n], true, false),
    },
  ];
}

/** The seed-mnist kernels; the tensors they read are pushed to keep, for the caller to dispose. */
export function seedMnistHotKernels(addon: NativeAddon, keep: tf.Tensor[]): HotKernel[] {
  return [
    ...convKernels('conv1', [BATCH, 28, 28, 1], [5, 5, 1, 32], addon, keep),
    ...convKernels('conv2', [BATCH, 14, 14, 32], [5, 5, 32, 64], addon, keep),
    ...denseKernels('fc1', BATCH, 3136, 1024, addon, keep),
    ...denseKernels('fc2', BATCH, 1024, 10, addon, keep),
  ];
}
