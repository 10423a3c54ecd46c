// The two networks of today's kind that the bench trains on MNIST-shaped input [28, 28, 1]: a small ResNet
// (conv-BN-ReLU blocks with residual adds, global average pooling, a dense head) and a MobileNetV2-style
// network (inverted residuals: 1x1 expansion, BN, ReLU6, depthwise 3x3, BN, ReLU6, 1x1 projection, BN,
// residual add). Layers are built as a Keras model converted by tensorflowjs_converter builds them: convs
// before a BatchNorm have no bias, and ReLU6 is a ReLU layer with maxValue 6 (relu, then clipByValue).
// Defined here, for the bench only, until the model registry has its own: ANY_MODEL_NETWORKS is the one
// place that names them.
import * as tfl from '@tensorflow/tfjs-layers';

type Layer = tfl.SymbolicTensor;

let seed = 0;
const init = () => tfl.initializers.heNormal({ seed: ++seed });

function conv(x: Layer, filters: number, kernelSize: number, strides = 1): Layer {
  return tfl.layers.conv2d({ filters, kernelSize, strides, padding: 'same', useBias: false,
    kernelInitializer: init() }).apply(x) as Layer;
}

function bn(x: Layer): Layer {
  return tfl.layers.batchNormalization().apply(x) as Layer;
}

function relu(x: Layer, maxValue?: number): Layer {
  return tfl.layers.reLU(maxValue === undefined ? {} : { maxValue }).apply(x) as Layer;
}

function add(a: Layer, b: Layer): Layer {
  return tfl.layers.add().apply([a, b]) as Layer;
}

function head(x: Layer, input: Layer, name: string): tfl.LayersModel {
  const pooled = tfl.layers.globalAveragePooling2d({}).apply(x) as Layer;
  const logits = tfl.layers.dense({ units: 10, kernelInitializer: init() }).apply(pooled) as Layer;
  return tfl.model({ inputs: input, outputs: logits, name });
}

/** A basic residual block; a strided or widening one projects its shortcut with a 1x1 conv and BN. */
function residualBlock(x: Layer, filters: number, strides: number): Layer {
  const inChannels = x.shape[x.shape.length - 1];
  const y = bn(conv(relu(bn(conv(x, filters, 3, strides))), filters, 3));
  const shortcut = strides === 1 && inChannels === filters ? x : bn(conv(x, filters, 1, strides));
  return relu(add(y, shortcut));
}

/** Stem 16, then residual stages of 16, 32 (stride 2) and 64 (stride 2). */
export function resnet(): tfl.LayersModel {
  seed = 100;
  const input = tfl.input({ shape: [28, 28, 1] });
  let x = relu(bn(conv(input, 16, 3)));
  for (const [filters, strides] of [[16, 1], [32, 2], [64, 2]]) x = residualBlock(x, filters, strides);
  return head(x, input, 'resnet');
}

/** 1x1 expansion by `expand`, depthwise 3x3 at `strides`, 1x1 projection; residual when shapes allow. */
function invertedResidual(x: Layer, expand: number, filters: number, strides: number): Layer {
  const inChannels = x.shape[x.shape.length - 1] ?? 0;
  let y = relu(bn(conv(x, inChannels * expand, 1)), 6);
  y = tfl.layers.depthwiseConv2d({ kernelSize: 3, strides, padding: 'same', useBias: false,
    depthwiseInitializer: init() }).apply(y) as Layer;
  y = bn(conv(relu(bn(y), 6), filters, 1));
  return strides === 1 && inChannels === filters ? add(y, x) : y;
}

/** Stem 16, inverted residuals (expansion 4) to 16, 24 (stride 2), 24, 32 (stride 2), 32, then 1x1 to 64. */
export function mobilenet(): tfl.LayersModel {
  seed = 200;
  const input = tfl.input({ shape: [28, 28, 1] });
  let x = relu(bn(conv(input, 16, 3)), 6);
  for (const [filters, strides] of [[16, 1], [24, 2], [24, 1], [32, 2], [32, 1]]) {
    x = invertedResidual(x, 4, filters, strides);
  }
  x = relu(bn(conv(x, 64, 1)), 6);
  return head(x, input, 'mobilenet');
}

export const ANY_MODEL_NETWORKS: Record<string, () => tfl.LayersModel> = { resnet, mobilenet };


