// The parameter-free layers compaction can look through between two weighted layers: pooling (local and
// global), flatten, dropout and elementwise activations. Each keeps channels apart (channel c of its NHWC
// input feeds only channel c of its output, or for flatten the features (h*W + w)*C + c), and each maps
// an input that is the same constant k everywhere to an output that is again one constant everywhere.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

type ActivationName = NonNullable<Parameters<typeof tfl.layers.activation>[0]>['activation'];

/** Activations applied value by value; softmax and logSoftmax mix units, so they are not here. */
const ELEMENTWISE_ACTIVATIONS: readonly ActivationName[] = [
  'linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hardSigmoid', 'tanh', 'softplus', 'softsign',
  'swish', 'mish', 'gelu', 'gelu_new',
];

export function isElementwiseActivation(name: unknown): name is ActivationName {
  return ELEMENTWISE_ACTIVATIONS.some((known) => known === name);
}

interface PassThrough {
  /** Why this layer, as configured, cannot be looked through; undefined when it can. */
  problem(config: tf.serialization.ConfigDict): string | undefined;
  /** The constant this layer outputs when its input is the constant k everywhere. */
  constantOut(layer: tfl.layers.Layer, k: number): number;
}

const identity = (_layer: tfl.layers.Layer, k: number): number => k;

function channelsLastOnly(config: tf.serialization.ConfigDict): string | undefined {
  const format = config.dataFormat;
  return format === undefined || format === 'channelsLast' ? undefined : `data format ${String(format)} is not NHWC`;
}

/** Runs an elementwise layer on a single value, exactly as TF.js computes it in float32. */
function applyElementwise(layer: tfl.layers.Layer, k: number): number {
  return tf.tidy(() => {
    const out = layer.apply(tf.tensor2d([[k]]));
    if (!(out instanceof tf.Tensor)) throw new Error(`layer ${layer.name} did not return one tensor`);
    return out.dataSync()[0];
  });
}

// Max pooling takes the max over the window's real entries and TF's average pooling with SAME padding
// averages only over them too, so a constant map stays the same constant, borders included.
const POOLING: PassThrough = { problem: channelsLastOnly, constantOut: identity };

const PASS_THROUGHS: Record<string, PassThrough> = {
  MaxPooling2D: POOLING,
  AveragePooling2D: POOLING,
  // Global pooling leaves one value per channel: channel c is feature c, as after a 1x1 flatten.
  GlobalMaxPooling2D: POOLING,
  GlobalAveragePooling2D: POOLING,
  Flatten: { problem: channelsLastOnly, constantOut: identity },
  // Dropout is the identity at inference, which is all compaction must preserve.
  Dropout: { problem: () => undefined, constantOut: identity },
  Activation: {
    problem: (config) => (isElementwiseActivation(config.activation)
      ? undefined
      : `activation ${String(config.activation)} mixes units`),
    constantOut: applyElementwise,
  },
  ReLU: { problem: () => undefined, constantOut: applyElementwise },
};

/** Why compaction cannot look through this layer, or undefined when it can. */
export function passThroughProblem(layer: tfl.layers.Layer): string | undefined {
  const entry = PASS_THROUGHS[layer.getClassName()];
  if (entry === undefined) return `${layer.getClassName()} layers are not understood by compaction`;
  return entry.problem(layer.getConfig());
}

/** The constant a chain of look-through layers outputs for the constant input k. */
export function constantThrough(layers: tfl.layers.Layer[], k: number): number {
  let value = k;
  for (const layer of layers) {
    const entry = PASS_THROUGHS[layer.getClassName()];
    if (entry === undefined) throw new Error(`compaction cannot look through layer ${layer.name}`);
    value = entry.constantOut(layer, value);
  }
  return value;
}

const activationLayers = new Map<ActivationName, tfl.layers.Layer>();

/** act(k) for a weighted layer's own activation, which must be elementwise. */
export function applyActivation(activation: unknown, k: number): number {
  if (!isElementwiseActivation(activation)) throw new Error(`activation ${String(activation)} is not elementwise`);
  if (activation === 'linear') return k;
  let layer = activationLayers.get(activation);
  if (layer === undefined) {
    layer = tfl.layers.activation({ activation });
    activationLayers.set(activation, layer);
  }
  return applyElementwise(layer, k);
}
