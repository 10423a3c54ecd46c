// How each layer type relates the channels of its inputs to those of its outputs: the per-layer contract
// of the coupling graph (coupling_graph.ts). A rule says which input channel is which output channel
// (`links`: they are one channel, removed together or not at all), the layout of each output, and which
// channels no removal may touch (`pins`, with the reason).
// - Kernel layers (Dense on any rank, Conv1D, Conv2D, SeparableConv2D) read their input channels through
//   kernel rows and make new output channels: nothing links across them.
// - DepthwiseConv2D keeps channels apart: output channel c*m + j (m the depth multiplier) is input
//   channel c's, so they are one.
// - Layers that act on each channel by itself (BatchNormalization, activations, dropout, pooling, padding,
//   cropping, upsampling) link input channel c to output channel c; so do the joins (Add, Subtract,
//   Multiply, Average, Maximum, Minimum): a residual stream is one set of channels.
// - Concatenate on the last axis numbers its inputs' channels on; Flatten and Reshape keep channels and
//   change which feature holds which (channel_layout.ts).
// Anything else, or any of these configured so that it mixes channels, pins all its channels.
import type * as tfl from '@tensorflow/tfjs-layers';
import { concatLayout, identityLayout, reshapeLayout, sameLayout, type ChannelLayout } from './channel_layout.js';
import { isElementwiseActivation } from './pass_through.js';
import type { GraphOp } from './model_graph.js';
import { depthMultiplier } from './weight_axes.js';

/** Output `output`'s channel `outChannel` is input `input`'s channel `inChannel`. */
export interface ChannelLink {
  input: number;
  inChannel: number;
  output: number;
  outChannel: number;
}

export type RuleKind = 'kernel' | 'depthwise' | 'channelwise' | 'join' | 'concat' | 'reshape' | 'opaque';

export interface ChannelRule {
  kind: RuleKind;
  outputs: ChannelLayout[];
  links: ChannelLink[];
  /** Why every channel of the op's inputs and outputs must stay; undefined when they may go. */
  pinAll?: string;
  /** Why the outputs' channels must stay (a kernel layer's own activation mixes them). */
  pinOutputs?: string;
}

type Config = ReturnType<tfl.layers.Layer['getConfig']>;

const lastDim = (shape: number[]): number => shape[shape.length - 1] ?? 1;

function opaque(op: GraphOp, why: string): ChannelRule {
  return { kind: 'opaque', outputs: op.outputs.map((t) => identityLayout(lastDim(t.shape))), links: [], pinAll: why };
}

function sameChannels(layout: ChannelLayout, input: number, output: number): ChannelLink[] {
  return Array.from({ length: layout.channels }, (_, c) => ({ input, inChannel: c, output, outChannel: c }));
}

/** Why a layer's channels-last assumption fails, or undefined. */
function notChannelsLast(config: Config): string | undefined {
  const format = config.dataFormat;
  return format === undefined || format === 'channelsLast' ? undefined : `data format ${String(format)} is not channels last`;
}

/** A layer that acts on each channel by itself: channel c in, channel c out, same layout. */
function channelwise(op: GraphOp, layouts: ChannelLayout[]): ChannelRule {
  const layout = layouts[0];
  if (lastDim(op.outputs[0].shape) !== layout.featureChannel.length) {
    return opaque(op, 'its output\'s last axis differs from its input\'s');
  }
  return { kind: 'channelwise', outputs: [layout], links: sameChannels(layout, 0, 0) };
}

function activationProblem(config: Config): string | undefined {
  return isElementwiseActivation(config.activation) ? undefined : `activation ${String(config.activation)} mixes channels`;
}

function kernelLayer(op: GraphOp, layouts: ChannelLayout[]): ChannelRule {
  const config = op.layer.getConfig();
  const problem = notChannelsLast(config);
  if (problem !== undefined) return opaque(op, problem);
  if (layouts.length !== 1) return opaque(op, 'it has several inputs');
  return {
    kind: 'kernel',
    outputs: [identityLayout(lastDim(op.outputs[0].shape))],
    links: [],
    pinOutputs: activationProblem(config),
  };
}

function depthwise(op: GraphOp, layouts: ChannelLayout[]): ChannelRule {
  const config = op.layer.getConfig();
  const problem = notChannelsLast(config) ?? activationProblem(config);
  if (problem !== undefined) return opaque(op, problem);
  const layout = layouts[0];
  const multiplier = depthMultiplier(op.layer);
  const outputs = [identityLayout(layout.featureChannel.length * multiplier)];
  // Output feature f*m + j is computed from input feature f alone.
  const links = Array.from(layout.featureChannel).flatMap((channel, f) =>
    Array.from({ length: multiplier }, (_, j) => ({ input: 0, inChannel: channel, output: 0, outChannel: f * multiplier + j })));
  return { kind: 'depthwise', outputs, links };
}

function join(op: GraphOp, layouts: ChannelLayout[]): ChannelRule {
  if (!layouts.every((layout) => sameLayout(layout, layouts[0]))) {
    return opaque(op, 'its inputs do not hold the same channels feature for feature');
  }
  return { kind: 'join', outputs: [layouts[0]], links: layouts.flatMap((layout, i) => sameChannels(layout, i, 0)) };
}

function concatenate(op: GraphOp, layouts: ChannelLayout[]): ChannelRule {
  const rank = op.outputs[0].shape.length;
  const axis = Number(op.layer.getConfig().axis ?? -1);
  if (axis !== -1 && axis !== rank) return join(op, layouts);
  const output = concatLayout(layouts);
  let offset = 0;
  const links = layouts.flatMap((layout, i) => {
    const base = offset;
    offset += layout.channels;
    return Array.from({ length: layout.channels }, (_, c) => ({ input: i, inChannel: c, output: 0, outChannel: base + c }));
  });
  return { kind: 'concat', outputs: [output], links };
}

function reshape(op: GraphOp, layouts: ChannelLayout[]): ChannelRule {
  const problem = notChannelsLast(op.layer.getConfig());
  if (problem !== undefined) return opaque(op, problem);
  const layout = reshapeLayout(layouts[0], op.inputs[0].shape, op.outputs[0].shape);
  if (typeof layout === 'string') return opaque(op, layout);
  return { kind: 'reshape', outputs: [layout], links: sameChannels(layout, 0, 0) };
}

function batchNormalization(op: GraphOp, layouts: ChannelLayout[]): ChannelRule {
  const axis = Number(op.layer.getConfig().axis ?? -1);
  const rank = op.inputs[0].shape.length;
  if (axis !== -1 && axis !== rank) return opaque(op, `it normalises axis ${axis}, not the channels`);
  return channelwise(op, layouts);
}

function activationLayer(op: GraphOp, layouts: ChannelLayout[]): ChannelRule {
  const problem = activationProblem(op.layer.getConfig());
  return problem === undefined ? channelwise(op, layouts) : opaque(op, problem);
}

function spatial(op: GraphOp, layouts: ChannelLayout[]): ChannelRule {
  const problem = notChannelsLast(op.layer.getConfig());
  return problem === undefined ? channelwise(op, layouts) : opaque(op, problem);
}

type RuleBuilder = (op: GraphOp, layouts: ChannelLayout[]) => ChannelRule;

const RULES: Record<string, RuleBuilder> = {
  Dense: kernelLayer,
  Conv1D: kernelLayer,
  Conv2D: kernelLayer,
  SeparableConv2D: kernelLayer,
  DepthwiseConv2D: depthwise,
  BatchNormalization: batchNormalization,
  Activation: activationLayer,
  ReLU: channelwise,
  LeakyReLU: channelwise,
  ELU: channelwise,
  PReLU: channelwise,
  ThresholdedReLU: channelwise,
  Dropout: channelwise,
  SpatialDropout1D: channelwise,
  GaussianNoise: channelwise,
  GaussianDropout: channelwise,
  AlphaDropout: channelwise,
  MaxPooling1D: spatial,
  MaxPooling2D: spatial,
  AveragePooling1D: spatial,
  AveragePooling2D: spatial,
  GlobalMaxPooling1D: spatial,
  GlobalMaxPooling2D: spatial,
  GlobalAveragePooling1D: spatial,
  GlobalAveragePooling2D: spatial,
  ZeroPadding2D: spatial,
  Cropping2D: spatial,
  UpSampling2D: spatial,
  Add: join,
  Subtract: join,
  Multiply: join,
  Average: join,
  Maximum: join,
  Minimum: join,
  Concatenate: concatenate,
  Flatten: reshape,
  Reshape: reshape,
  Softmax: (op) => opaque(op, 'softmax mixes channels'),
  LayerNormalization: (op) => opaque(op, 'it normalises across channels'),
};

/** The rule of one op, given the layouts of its inputs. */
export function channelRule(op: GraphOp, layouts: ChannelLayout[]): ChannelRule {
  const className = op.layer.getClassName();
  const builder = RULES[className];
  if (builder === undefined) return opaque(op, `${className} layers are not understood`);
  if (op.outputs.length !== 1) return opaque(op, 'it has several outputs');
  return builder(op, layouts);
}
