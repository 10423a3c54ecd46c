// What the three depthwise kernels share: their attributes checked, and the geometry the native side takes
// (native/conv_geometry.h with outC = inC * multiplier), from TF.js's own Conv2DInfo of a depthwise
// convolution so that strides, SAME / VALID / explicit padding and dilations mean what the cpu kernels do.
// The gradient kernels carry no dataFormat: TF.js defines them on NHWC alone.
import { backend_util, type NamedAttrMap, type TensorInfo } from '@tensorflow/tfjs-core';
import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { conv2dInfo, convGeometry, isShape4 } from './conv_geometry.js';
import { hasDilations, isConvAttrs } from './kernel_attrs.js';
import { float32Values } from './native_kernel.js';

export interface DepthwisePlan {
  info: backend_util.Conv2DInfo;
  geometry: number[];
}

/** A shape attribute (inputShape, filterShape) as four numbers, or null. */
export function shapeAttr(value: unknown): [number, number, number, number] | null {
  if (!Array.isArray(value) || !value.every((dim): dim is number => typeof dim === 'number')) return null;
  return isShape4(value) ? value : null;
}

/**
 * The plan of a depthwise convolution of x by filter ([fH, fW, inC, multiplier]) under these attributes, or
 * null when the native kernels do not cover it (NCHW, a filter that does not match x, what convGeometry
 * declines): the kernel then runs on cpu.
 */
function depthwisePlan(xShape: number[], filterShape: number[], attrs: NamedAttrMap | undefined):
  DepthwisePlan | null {
  const withFormat = attrs === undefined ? undefined : { dataFormat: 'NHWC', ...attrs };
  if (!isShape4(xShape) || !isShape4(filterShape) || !isConvAttrs(withFormat) ||
    withFormat.dataFormat !== 'NHWC' || filterShape[2] !== xShape[3]) {
    return null;
  }
  const dilations = hasDilations(withFormat) ? withFormat.dilations : 1;
  const info = conv2dInfo(xShape, filterShape, withFormat, dilations, true);
  const geometry = convGeometry(info);
  return geometry === null ? null : { info, geometry };
}

/** Whether a tensor's shape is the plan's output shape (dy of the gradient kernels). */
function isOutShape(shape: number[], plan: DepthwisePlan): boolean {
  return shape.length === 4 && shape.every((dim, i) => dim === plan.info.outShape[i]);
}

/**
 * What a depthwise kernel runs natively on: the plan for an x and filter of these shapes and the float32
 * values of its two tensor inputs, or null (the kernel then runs on cpu). `dy`, for the gradient kernels, must
 * have the plan's output shape.
 */
export function depthwiseOperands(backend: MathBackendCPU, xShape: number[] | null, filterShape: number[] | null,
  attrs: NamedAttrMap | undefined, inputs: (TensorInfo | undefined)[], dy?: TensorInfo):
  { plan: DepthwisePlan; values: [Float32Array, Float32Array] } | null {
  const [a, b] = inputs;
  if (xShape === null || filterShape === null || a === undefined || b === undefined) return null;
  const plan = depthwisePlan(xShape, filterShape, attrs);
  const [aValues, bValues] = [float32Values(backend, a), float32Values(backend, b)];
  if (plan === null || aValues === null || bValues === null || (dy !== undefined && !isOutShape(dy.shape, plan))) {
    return null;
  }
  return { plan, values: [aValues, bValues] };
}
