// The geometry the native conv kernels take (native/conv_geometry.h), from TF.js's own Conv2DInfo so
// that SAME / VALID / explicit padding, strides and dilations mean exactly what the cpu kernels do.
// NHWC only: NCHW, empty tensors and paddings oneDNN cannot express (negative, or an output size that
// does not follow from them, as dimRoundingMode can give) return null and run the cpu kernel.
import { backend_util } from '@tensorflow/tfjs-core';
import type { ConvAttrs } from './kernel_attrs.js';

type Shape4 = [number, number, number, number];

export function isShape4(shape: number[]): shape is Shape4 {
  return shape.length === 4;
}

/**
 * TF.js's Conv2DInfo for x and filter shapes (in the attrs' data format) and these attributes; `depthwise`
 * reads the filter as [fH, fW, inC, multiplier], with inC * multiplier output channels.
 */
export function conv2dInfo(xShape: Shape4, filterShape: Shape4, attrs: ConvAttrs,
  dilations: number | [number, number], depthwise = false): backend_util.Conv2DInfo {
  return backend_util.computeConv2DInfo(xShape, filterShape, attrs.strides, dilations, attrs.pad,
    attrs.dimRoundingMode ?? undefined, depthwise, backend_util.convertConv2DDataFormat(attrs.dataFormat));
}

/** Whether padding before and after, the filter span and the stride give exactly `outSize` outputs. */
function fits(inSize: number, before: number, after: number, span: number, stride: number, outSize: number): boolean {
  const padded = inSize + before + after;
  return before >= 0 && after >= 0 && padded >= span && Math.floor((padded - span) / stride) + 1 === outSize;
}

/** [n, inH, inW, inC, outH, outW, outC, fH, fW, strideH, strideW, dilationH, dilationW, padTop, padLeft,
 *  padBottom, padRight], or null when the native kernels do not cover this convolution. */
export function convGeometry(info: backend_util.Conv2DInfo): number[] | null {
  const { top, left, bottom, right } = info.padInfo;
  const sizes = [info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
    info.outChannels, info.filterHeight, info.filterWidth];
  if (info.dataFormat !== 'channelsLast' || sizes.some((size) => size < 1) ||
    !fits(info.inHeight, top, bottom, info.effectiveFilterHeight, info.strideHeight, info.outHeight) ||
    !fits(info.inWidth, left, right, info.effectiveFilterWidth, info.strideWidth, info.outWidth)) {
    return null;
  }
  return [...sizes, info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth, top, left,
    bottom, right];
}
