// Type guards for the attributes of the matmul and conv kernels. TF.js hands every kernel an untyped
// attribute map; these check the fields a native kernel reads, so a kernel narrows the map without a
// cast and falls back to the cpu kernel on anything unexpected.
import type {
  Attribute, BatchMatMulAttrs, Conv2DAttrs, NamedAttrMap,
} from '@tensorflow/tfjs-core';
import type { NativeActivation } from '../native_addon.js';

export type ConvAttrs = Pick<Conv2DAttrs, 'strides' | 'pad' | 'dataFormat' | 'dimRoundingMode'>;

const isNumber = (value: Attribute | undefined): value is number => typeof value === 'number';

function isPair(value: Attribute | undefined): value is number | [number, number] {
  return isNumber(value) || (Array.isArray(value) && value.length === 2 && value.every(isNumber));
}

function isPadding(value: Attribute | undefined): value is ConvAttrs['pad'] {
  if (value === 'same' || value === 'valid' || isNumber(value)) return true;
  return Array.isArray(value) && value.length === 4 &&
    value.every((side) => Array.isArray(side) && side.length === 2 && side.every(isNumber));
}

export function isMatMulAttrs(attrs: NamedAttrMap | undefined): attrs is NamedAttrMap & BatchMatMulAttrs {
  return attrs !== undefined && typeof attrs.transposeA === 'boolean' && typeof attrs.transposeB === 'boolean';
}

export function isConvAttrs(attrs: NamedAttrMap | undefined): attrs is NamedAttrMap & ConvAttrs {
  if (attrs === undefined) return false;
  // Callers outside tfjs-core may pass null for "no rounding mode", as some of its own ops do.
  const rounding = attrs.dimRoundingMode ?? undefined;
  return isPair(attrs.strides) && isPadding(attrs.pad) && (attrs.dataFormat === 'NHWC' || attrs.dataFormat === 'NCHW') &&
    (rounding === undefined || rounding === 'floor' || rounding === 'round' || rounding === 'ceil');
}

export function hasDilations(attrs: NamedAttrMap): attrs is NamedAttrMap & { dilations: number | [number, number] } {
  return isPair(attrs.dilations);
}

/** The native name and slope of a fused activation, or null for one the native kernels leave to cpu. */
export function nativeActivation(attrs: NamedAttrMap): { activation: NativeActivation; alpha: number } | null {
  const activation = attrs.activation ?? 'linear';
  if (typeof activation !== 'string') return null;
  const alpha = attrs.leakyreluAlpha;
  switch (activation) {
    case 'linear': case 'relu': case 'relu6': case 'elu': case 'sigmoid':
      return { activation, alpha: 0 };
    case 'leakyrelu':
      return isNumber(alpha) ? { activation, alpha } : null;
    default:
      return null;
  }
}
