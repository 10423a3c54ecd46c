// The geometry the native pooling kernels take: the conv geometry of native/conv_geometry.h with
// outC == inC, from TF.js's own computePool2DInfo so that SAME / VALID / explicit padding, strides and
// dimRoundingMode mean what the cpu kernels do. What it declines (null) runs the cpu kernel.
import { backend_util, type Attribute, type MaxPoolAttrs, type NamedAttrMap } from '@tensorflow/tfjs-core';
import { convGeometry, isShape4 } from './conv_geometry.js';

const isNumber = (value: Attribute | undefined): value is number => typeof value === 'number';

function isPair(value: Attribute | undefined): value is number | [number, number] {
  return isNumber(value) || (Array.isArray(value) && value.length === 2 && value.every(isNumber));
}

function isPadding(value: Attribute | undefined): value is MaxPoolAttrs['pad'] {
  if (value === 'same' || value === 'valid' || isNumber(value)) return true;
  return Array.isArray(value) && value.length === 4 &&
    value.every((side) => Array.isArray(side) && side.length === 2 && side.every(isNumber));
}

/** The attributes shared by MaxPool, AvgPool and their gradients. */
export function isPoolAttrs(attrs: NamedAttrMap | undefined): attrs is NamedAttrMap & MaxPoolAttrs {
  if (attrs === undefined) return false;
  const rounding = attrs.dimRoundingMode;
  const roundingOk = rounding === undefined || rounding === null || rounding === 'floor' || rounding === 'round' ||
    rounding === 'ceil';
  return isPair(attrs.filterSize) && isPair(attrs.strides) && isPadding(attrs.pad) && roundingOk;
}

/**
 * [n, inH, inW, C, outH, outW, C, fH, fW, strideH, strideW, 1, 1, padTop, padLeft, padBottom, padRight] for
 * pooling NHWC x of `xShape`, or null when the native kernels do not cover it. Padding as wide as the
 * window is declined: a window lying wholly in the padding has no input cell to take a max or mean of.
 */
export function poolGeometry(xShape: number[], attrs: NamedAttrMap | undefined): number[] | null {
  if (!isShape4(xShape) || !isPoolAttrs(attrs)) return null;
  const info = backend_util.computePool2DInfo(xShape, attrs.filterSize, attrs.strides, 1, attrs.pad,
    attrs.dimRoundingMode ?? undefined);
  const { top, bottom, left, right } = info.padInfo;
  if (Math.max(top, bottom) >= info.filterHeight || Math.max(left, right) >= info.filterWidth) return null;
  return convGeometry(info);
}

/** [n, outH, outW, C]: the pooled tensor's shape for a geometry from poolGeometry. */
export function pooledShape(geometry: number[]): number[] {
  return [geometry[0], geometry[4], geometry[5], geometry[6]];
}
