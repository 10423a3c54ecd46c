// The kernels CGES regularises: every kernel weight of a model's Dense, Conv1D, Conv2D, DepthwiseConv2D
// and SeparableConv2D layers (nested models included), in layer order. Biases are never regularised,
// nor are frozen layers (trainable: false): a backbone the user froze keeps its weights.
// Layouts: dense [in, out], conv1d [k, in, out], conv2d [kh, kw, in, out], pointwise [1, 1, in*m, out],
// depthwise [kh, kw, C, m]. A depthwise kernel's input and output channel are one, so a group of it is one
// channel's [kh, kw, m] slice (`channelGroups`), whatever the grouping.
import * as tfl from '@tensorflow/tfjs-layers';
import { CgesError } from '../util/errors.js';

export type KernelKind = 'dense' | 'conv1d' | 'conv2d' | 'depthwise' | 'pointwise';

export interface KernelWeight {
  layer: tfl.layers.Layer;
  kind: KernelKind;
  variable: tfl.LayerVariable;
  /** The layer's name, or "<layer>/<weight>" for a layer with two kernels (SeparableConv2D). */
  name: string;
  /** Groups are the channels of axis 2 ([kh, kw, C, m]), not the rows of the matrix view. */
  channelGroups: boolean;
}

export interface RegularizedKernel extends KernelWeight {
  /** Position among the regularised kernels (0-based), i.e. the layer index l of the schedule. */
  index: number;
}

/** The kernel weights of each layer class, by weight name. */
const KERNELS: Record<string, { weight: string; kind: KernelKind }[]> = {
  Dense: [{ weight: 'kernel', kind: 'dense' }],
  Conv1D: [{ weight: 'kernel', kind: 'conv1d' }],
  Conv2D: [{ weight: 'kernel', kind: 'conv2d' }],
  DepthwiseConv2D: [{ weight: 'depthwise_kernel', kind: 'depthwise' }],
  SeparableConv2D: [{ weight: 'depthwise_kernel', kind: 'depthwise' }, { weight: 'pointwise_kernel', kind: 'pointwise' }],
};

function findWeight(layer: tfl.layers.Layer, name: string): tfl.LayerVariable | undefined {
  return layer.weights.find((weight) => weight.originalName.endsWith(`/${name}`));
}

/** The layer's kernel variable (not its bias); TF.js names it "<layer>/kernel". */
export function kernelVariable(layer: tfl.layers.Layer): tfl.LayerVariable {
  const kernel = findWeight(layer, 'kernel');
  if (kernel === undefined) throw new CgesError(`layer "${layer.name}" has no kernel weight (is the model built?)`);
  return kernel;
}

/** Every layer of the model in order, the layers of nested models in their place. */
export function flatLayers(model: tfl.LayersModel): tfl.layers.Layer[] {
  return model.layers.flatMap((layer) => (layer instanceof tfl.LayersModel ? flatLayers(layer) : [layer]));
}

/** Every kernel weight of the model's kernel layers, frozen or not. */
export function kernelWeights(model: tfl.LayersModel): KernelWeight[] {
  return flatLayers(model).flatMap((layer) => {
    const kernels = KERNELS[layer.getClassName()] ?? [];
    return kernels.flatMap(({ weight, kind }) => {
      const variable = findWeight(layer, weight);
      if (variable === undefined) return [];
      const name = kernels.length > 1 ? `${layer.name}/${weight}` : layer.name;
      return [{ layer, kind, variable, name, channelGroups: kind === 'depthwise' }];
    });
  });
}

/** Layers holding a kernel that CGES leaves alone, each with the reason. */
export function unregularizedLayers(model: tfl.LayersModel): { layer: string; reason: string }[] {
  return flatLayers(model).flatMap((layer) => {
    if (!layer.weights.some((weight) => /kernel$/.test(weight.originalName))) return [];
    if (KERNELS[layer.getClassName()] === undefined) {
      return [{ layer: layer.name, reason: `${layer.getClassName()} layers are not regularised` }];
    }
    return layer.trainable ? [] : [{ layer: layer.name, reason: 'frozen (trainable: false), so its weights stay' }];
  });
}

export function regularizedKernels(model: tfl.LayersModel): RegularizedKernel[] {
  const kernels = kernelWeights(model).filter((kernel) => kernel.layer.trainable)
    .map((kernel, index) => ({ ...kernel, index }));
  if (kernels.length === 0) {
    throw new CgesError(`model "${model.name}" has no trainable Dense, Conv1D, Conv2D, DepthwiseConv2D or ` +
      'SeparableConv2D layer to regularise');
  }
  return kernels;
}
