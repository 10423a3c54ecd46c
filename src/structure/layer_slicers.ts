// How each weighted layer type is sliced: the per-layer contract of compaction.
// Every kernel is seen as a matrix [rows, out] whose rows run over (position, channel) with the input
// channel fastest: dense [in, out] after a flatten of an NHWC map [H, W, C] has rows (h*W + w)*C + c;
// conv2d [kh, kw, in, out] has rows (a*kw + b)*in + c. So removing input channel c removes rows
// p*C + c for every position p, for both layer types alike.
import type * as tfl from '@tensorflow/tfjs-layers';

/** A kernel or bias as plain numbers, in TF.js layout. */
export interface WeightData {
  values: Float32Array;
  shape: number[];
}

export interface LayerSlicer {
  /** Output units (dense) or filters (conv): the kernel's last axis. */
  outSize(kernelShape: number[]): number;
  /** Input channels the kernel rows cycle through, when the layer alone knows it (conv); else undefined. */
  ownInChannels(kernelShape: number[]): number | undefined;
  /** The kernel shape once only `inChannels` of `channels` input channels and `out` units remain. */
  slicedShape(kernelShape: number[], channels: number, inChannels: number, out: number): number[];
  /** The config entry that sets the output size, in the model JSON's snake_case. */
  sizeKey: 'units' | 'filters';
  /**
   * Whether an input channel that is constant over space adds the same constant to every output
   * position, so it can be folded into the bias exactly. Zero padding breaks this at the borders.
   */
  foldsConstantExactly(layer: tfl.layers.Layer): boolean;
}

const denseSlicer: LayerSlicer = {
  outSize: (shape) => shape[1],
  ownInChannels: () => undefined,
  slicedShape: (shape, channels, inChannels, out) => [(shape[0] / channels) * inChannels, out],
  sizeKey: 'units',
  foldsConstantExactly: () => true,
};

/** Total zero padding SAME adds along one spatial axis (TF's rule); 0 means SAME acts like VALID. */
function samePadding(size: number, kernel: number, stride: number, dilation: number): number {
  const span = (kernel - 1) * dilation + 1;
  const outSize = Math.ceil(size / stride);
  return Math.max((outSize - 1) * stride + span - size, 0);
}

function pair(value: unknown): [number, number] {
  if (typeof value === 'number') return [value, value];
  if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number')) {
    return [value[0], value[1]];
  }
  return [Number.NaN, Number.NaN];
}

const conv2dSlicer: LayerSlicer = {
  outSize: (shape) => shape[3],
  ownInChannels: (shape) => shape[2],
  slicedShape: (shape, _channels, inChannels, out) => [shape[0], shape[1], inChannels, out],
  sizeKey: 'filters',
  foldsConstantExactly(layer) {
    const config = layer.getConfig();
    if (config.padding === 'valid') return true;
    // Input [batch, H, W, C]: the padding SAME adds depends on the spatial size.
    const input = layer.input;
    const [, height, width] = Array.isArray(input) ? [] : input.shape;
    const size = [height, width];
    const kernel = pair(config.kernelSize);
    const strides = pair(config.strides ?? 1);
    const dilation = pair(config.dilationRate ?? 1);
    return [0, 1].every((axis) => {
      const length = size[axis];
      return typeof length === 'number' && samePadding(length, kernel[axis], strides[axis], dilation[axis]) === 0;
    });
  },
};

const SLICERS: Record<string, LayerSlicer> = { Dense: denseSlicer, Conv2D: conv2dSlicer };

/** The slicer of a weighted layer class, or undefined if compaction cannot slice it. */
export function slicerFor(className: string): LayerSlicer | undefined {
  return SLICERS[className];
}

/**
 * Keeps input channels `keepIn` (of `channels`) and output columns `keepOut` of a kernel matrix
 * [rows, cols] with rows = positions * channels, channel fastest. Returns the [rows', cols'] values.
 */
export function sliceKernelMatrix(
  values: Float32Array, rows: number, cols: number, channels: number, keepIn: number[], keepOut: number[],
): Float32Array {
  const positions = rows / channels;
  const out = new Float32Array(positions * keepIn.length * keepOut.length);
  let k = 0;
  for (let p = 0; p < positions; p++) {
    for (const c of keepIn) {
      const row = (p * channels + c) * cols;
      for (const j of keepOut) out[k++] = values[row + j];
    }
  }
  return out;
}
