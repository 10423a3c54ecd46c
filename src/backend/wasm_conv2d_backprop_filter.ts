// Conv2DBackpropFilter for the wasm backend, which tfjs-backend-wasm 4.22 lacks (so conv nets could not
// train there). Shapes, NHWC (NCHW differs only in the transposes below):
//   x: [N, H, W, Cin], dy: [N, outH, outW, Cout]  ->  dW: [kh, kw, Cin, Cout]
//   dW[i, j, c, o] = sum over n, p, q of xPadded[n, i + p*s, j + q*s, c] * dy[n, p, q, o]
// That sum is itself a VALID convolution, with the batch as the channel axis:
//   input  x' = xPadded as [Cin, Hp, Wp, N]   (Cin plays the batch)
//   filter f' = dy as [outH, outW, N, Cout]   (dilated by the stride s)
//   conv2d(x', f') = [Cin, kh, kw, Cout], transposed to [kh, kw, Cin, Cout].
// So the work runs in the wasm backend's own (XNNPACK) convolution, with two input transposes and no
// im2col. Dilations are always 1 here: TF.js does not differentiate dilated convolutions.
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';

const WASM = 'wasm';

type Attrs = tf.Conv2DBackpropFilterAttrs;

function bad(name: string): never {
  throw new Error(`cges: Conv2DBackpropFilter got a malformed "${name}" attribute`);
}

function isNumbers(value: unknown, length: number): value is number[] {
  return Array.isArray(value) && value.length === length && value.every((v) => typeof v === 'number');
}

function isOneOf<T extends string>(value: unknown, options: readonly T[]): value is T {
  return typeof value === 'string' && (options as readonly string[]).includes(value);
}

function isExplicitPadding(value: unknown): value is tf.backend_util.ExplicitPadding {
  return Array.isArray(value) && value.length === 4 && value.every((pair) => isNumbers(pair, 2));
}

// The kernel boundary types attributes loosely (an explicit padding is not even an `Attribute`), so
// each one is checked into the op's declared attribute type instead of cast.
function parseAttrs(attrs: NamedAttrMap | undefined): Attrs {
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs ?? {};
  const parsed: Attrs = {
    strides: typeof strides === 'number' ? strides : isNumbers(strides, 2) ? [strides[0], strides[1]] : bad('strides'),
    pad: isOneOf(pad, ['same', 'valid']) || typeof pad === 'number' || isExplicitPadding(pad) ? pad : bad('pad'),
    dataFormat: isOneOf(dataFormat, ['NHWC', 'NCHW']) ? dataFormat : bad('dataFormat'),
    filterShape: isNumbers(filterShape, 4) ? [filterShape[0], filterShape[1], filterShape[2], filterShape[3]] : bad('filterShape'),
  };
  if (isOneOf(dimRoundingMode, ['floor', 'round', 'ceil'])) {
    parsed.dimRoundingMode = dimRoundingMode;
  } else if (dimRoundingMode !== undefined && dimRoundingMode !== null) {
    bad('dimRoundingMode');
  }
  return parsed;
}

// The engine hands a kernel the op's own input tensors. Using them as they are keeps their reference
// counts right; wrapping the TensorInfo in a second Tensor would free the caller's data on dispose.
function asTensor4D(info: TensorInfo): tf.Tensor4D {
  if (!(info instanceof tf.Tensor) || info.rank !== 4) throw new Error('cges: Conv2DBackpropFilter needs 4-d tensors');
  return info as tf.Tensor4D;
}

/** Rows [0, needed) of axis `axis` of x, zero-padded by `before` in front and as needed behind. */
function padOrCrop(x: tf.Tensor4D, axis: 1 | 2, before: number, needed: number): tf.Tensor4D {
  const after = needed - before - x.shape[axis];
  const pads: [number, number][] = [[0, 0], [0, 0], [0, 0], [0, 0]];
  pads[axis] = [before, Math.max(0, after)];
  const padded = tf.pad(x, pads);
  if (after >= 0) return padded;
  const size: [number, number, number, number] = [...padded.shape];
  size[axis] = needed;
  return tf.slice(padded, [0, 0, 0, 0], size);
}

const conv2dBackpropFilter: KernelFunc = ({ inputs, attrs }) => {
  const { x, dy } = inputs;
  if (x === undefined || dy === undefined) throw new Error('cges: Conv2DBackpropFilter needs inputs x and dy');
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = parseAttrs(attrs);
  const nchw = dataFormat === 'NCHW';
  const info = tf.backend_util.computeConv2DInfo(asTensor4D(x).shape, filterShape, strides, 1, pad,
    dimRoundingMode, false, nchw ? 'channelsFirst' : 'channelsLast');
  const { outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth, padInfo } = info;
  return tf.tidy(() => {
    // [Cin, H, W, N], then padded (or cropped: VALID with a stride can leave trailing rows unused) so
    // that a VALID convolution with the dilated dy yields exactly kh x kw positions.
    let input = tf.transpose(asTensor4D(x), nchw ? [1, 2, 3, 0] : [3, 1, 2, 0]);
    input = padOrCrop(input, 1, padInfo.top, (outHeight - 1) * strideHeight + filterHeight);
    input = padOrCrop(input, 2, padInfo.left, (outWidth - 1) * strideWidth + filterWidth);
    const filter = tf.transpose(asTensor4D(dy), nchw ? [2, 3, 0, 1] : [1, 2, 0, 3]);
    const dw = tf.conv2d(input, filter, 1, 'valid', 'NHWC', [strideHeight, strideWidth]);
    return tf.transpose(dw, [1, 2, 0, 3]);
  });
};

export const wasmConv2DBackpropFilterConfig: KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: WASM,
  kernelFunc: conv2dBackpropFilter,
};

/** Registers the kernel for the wasm backend, unless one is registered already. */
export function registerWasmConv2DBackpropFilter(): void {
  if (tf.getKernel(tf.Conv2DBackpropFilter, WASM) === undefined) tf.registerKernel(wasmConv2DBackpropFilterConfig);
}
