// Typed access to what the engine hands the wasm kernels we add: input tensors and conv attributes.
// The kernel boundary types these loosely (an explicit padding is not even an `Attribute`), so each one
// is checked into the op's declared type instead of cast.
import * as tf from '@tensorflow/tfjs-core';
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';

export type ConvAttrs = Omit<tf.Conv2DBackpropFilterAttrs, 'filterShape'>;
export type Shape4D = [number, number, number, number];

function bad(kernel: string, name: string): never {
  throw new Error(`cges: ${kernel} got a malformed "${name}" attribute`);
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

/**
 * The input as the Tensor it is. The engine hands a kernel the op's own input tensors; using them as
 * they are keeps their reference counts right, while wrapping the TensorInfo in a second Tensor would
 * free the caller's data when that wrapper is disposed.
 */
export function inputTensor(kernel: string, info: TensorInfo | undefined): tf.Tensor {
  if (!(info instanceof tf.Tensor)) throw new Error(`cges: ${kernel} was not given its input tensors`);
  return info;
}

export function inputTensor4D(kernel: string, info: TensorInfo | undefined): tf.Tensor4D {
  const tensor = inputTensor(kernel, info);
  if (tensor.rank !== 4) throw new Error(`cges: ${kernel} needs 4-d inputs, got shape [${tensor.shape.join(', ')}]`);
  return tensor as tf.Tensor4D;
}

export function shape4DAttr(kernel: string, attrs: NamedAttrMap | undefined, name: string): Shape4D {
  const value = attrs?.[name];
  return isNumbers(value, 4) ? [value[0], value[1], value[2], value[3]] : bad(kernel, name);
}

export function boolAttr(attrs: NamedAttrMap | undefined, name: string): boolean {
  return attrs?.[name] === true;
}

/** A number or a [height, width] pair, as strides and pool sizes are given. */
export function pairAttr(kernel: string, attrs: NamedAttrMap | undefined, name: string): number | [number, number] {
  const value = attrs?.[name];
  if (typeof value === 'number') return value;
  return isNumbers(value, 2) ? [value[0], value[1]] : bad(kernel, name);
}

export type PadAttrs = Pick<ConvAttrs, 'pad' | 'dimRoundingMode'>;

/** pad and dimRoundingMode of a conv or pool kernel. */
export function padAttrs(kernel: string, attrs: NamedAttrMap | undefined): PadAttrs {
  const { pad, dimRoundingMode } = attrs ?? {};
  const parsed: PadAttrs = {
    pad: isOneOf(pad, ['same', 'valid']) || typeof pad === 'number' || isExplicitPadding(pad) ? pad : bad(kernel, 'pad'),
  };
  if (isOneOf(dimRoundingMode, ['floor', 'round', 'ceil'])) {
    parsed.dimRoundingMode = dimRoundingMode;
  } else if (dimRoundingMode !== undefined && dimRoundingMode !== null) {
    bad(kernel, 'dimRoundingMode');
  }
  return parsed;
}

/** strides, pad, dataFormat and dimRoundingMode of a conv gradient kernel. */
export function convAttrs(kernel: string, attrs: NamedAttrMap | undefined): ConvAttrs {
  const dataFormat = attrs?.dataFormat;
  return {
    strides: pairAttr(kernel, attrs, 'strides'),
    dataFormat: isOneOf(dataFormat, ['NHWC', 'NCHW']) ? dataFormat : bad(kernel, 'dataFormat'),
    ...padAttrs(kernel, attrs),
  };
}

/** Axis `axis` of x cut or zero-padded to [-before, needed - before) of the original rows. */
export function padOrCrop(x: tf.Tensor4D, axis: 1 | 2, before: number, needed: number): tf.Tensor4D {
  const after = needed - before - x.shape[axis];
  const pads: [number, number][] = [[0, 0], [0, 0], [0, 0], [0, 0]];
  pads[axis] = [Math.max(0, before), Math.max(0, after)];
  const padded = before > 0 || after > 0 ? tf.pad(x, pads) : x;
  if (before >= 0 && after >= 0) return padded;
  const begin: Shape4D = [0, 0, 0, 0];
  begin[axis] = Math.max(0, -before);
  const size: Shape4D = [...padded.shape];
  size[axis] = needed;
  return tf.slice(padded, begin, size);
}
