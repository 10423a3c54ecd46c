// Models: the networks CGES trains, their regularised kernels and their cost.
// Imports tfjs-layers, src/backend (batch normalisation's training op), src/prox (scales) and src/util only.
import './batch_norm_layer.js';
import './relu_layer.js';
import './separable_conv_config.js';
export { type BuildOptions } from './build_options.js';
export { buildLenet5 } from './lenet5.js';
export { buildLenet300100 } from './lenet_300_100.js';
export { buildMobilenet } from './mobilenet.js';
export { buildResnet } from './resnet.js';
export { buildVgg } from './vgg.js';
export { outputHead, withHead, withoutHead, type OutputActivation, type OutputHead } from './output_head.js';
export { buildSeedMnist, MNIST_INPUT_SHAPE } from './seed_mnist.js';
export {
  buildModel, isModelName, modelDefaults, MODEL_NAMES, userModelDefaults, type ModelDefaults, type ModelName,
} from './registry.js';
export {
  flatLayers, kernelVariable, kernelWeights, regularizedKernels, unregularizedLayers,
  type KernelKind, type KernelWeight, type RegularizedKernel,
} from './kernels.js';
export { countMacs, countParams, type CountOptions, type MacCount, type ParamCount } from './macs.js';
export {
  hasInputNormalization, NORMALIZATION_LAYER, withInputNormalization, type InputStatistics,
} from './input_normalization.js';
