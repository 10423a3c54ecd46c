// Which axis of each weight of a layer runs over the layer's input features or output channels: the
// per-layer contract both the cost of a compaction and its slicing read. Removing a channel set removes,
// from every weight of every layer it touches, the indices the set holds on each such axis.
// - `in`: the features of the layer's (first) input's last axis;
// - `out`: the channels of its output;
// - `inExpanded`: input feature f times the depth multiplier m plus j (a SeparableConv2D's pointwise
//   rows, which read the depthwise step's m outputs of feature f);
// - null: an axis no removal changes (a kernel's spatial axes, a depth multiplier).
// A weight with `perPosition` is applied at every output position, so its size counts in the MACs.
import type * as tfl from '@tensorflow/tfjs-layers';

export type AxisRole = 'in' | 'out' | 'inExpanded';

export interface WeightAxes {
  /** The weight's name inside its layer: "kernel", "bias", "gamma", ... */
  name: string;
  axes: (AxisRole | null)[];
  perPosition: boolean;
}

const kernel = (rank: number): WeightAxes => ({
  name: 'kernel', axes: [...new Array<null>(rank - 2).fill(null), 'in', 'out'], perPosition: true,
});
const bias: WeightAxes = { name: 'bias', axes: ['out'], perPosition: false };
const channelVector = (name: string): WeightAxes => ({ name, axes: ['in'], perPosition: false });

const AXES: Record<string, WeightAxes[]> = {
  Dense: [kernel(2), bias],
  Conv1D: [kernel(3), bias],
  Conv2D: [kernel(4), bias],
  DepthwiseConv2D: [{ name: 'depthwise_kernel', axes: [null, null, 'in', null], perPosition: true }, bias],
  SeparableConv2D: [
    { name: 'depthwise_kernel', axes: [null, null, 'in', null], perPosition: true },
    { name: 'pointwise_kernel', axes: [null, null, 'inExpanded', 'out'], perPosition: true },
    bias,
  ],
  BatchNormalization: ['gamma', 'beta', 'moving_mean', 'moving_variance'].map(channelVector),
};

/**
 * How many outputs a depthwise step makes per input channel: the depthwise kernel's last axis
 * ([kh, kw, in, m]). Read from the weight, since SeparableConv2D's getConfig leaves it out.
 */
export function depthMultiplier(layer: tfl.layers.Layer): number {
  const kernel = layer.weights.find((weight) => weightName(weight) === 'depthwise_kernel');
  return kernel?.shape[3] ?? Number(layer.getConfig().depthMultiplier ?? 1);
}

/** The short name of a layer weight: "conv1/kernel" -> "kernel". */
export function weightName(weight: tfl.LayerVariable): string {
  const parts = weight.originalName.split('/');
  return parts[parts.length - 1];
}

/** A layer's bias, if it has one. */
export function biasOf(layer: tfl.layers.Layer): tfl.LayerVariable | undefined {
  return layer.weights.find((weight) => weightName(weight) === 'bias');
}

/**
 * The axes of `weight` of `layer`, or undefined when no removal touches it. PReLU's alpha has the
 * input's shape without the batch axis, with 1 on its shared axes: its last axis is the channels unless
 * it is shared across them.
 */
export function axesOf(layer: tfl.layers.Layer, weight: tfl.LayerVariable): WeightAxes | undefined {
  const name = weightName(weight);
  if (layer.getClassName() === 'PReLU' && name === 'alpha') {
    const rank = weight.shape.length;
    return weight.shape[rank - 1] === 1
      ? undefined
      : { name, axes: [...new Array<null>(rank - 1).fill(null), 'in'], perPosition: false };
  }
  return AXES[layer.getClassName()]?.find((axes) => axes.name === name);
}
