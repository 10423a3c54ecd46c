// The kernels CGES regularises: every Dense and Conv2D kernel of a model, in layer order.
// Biases are never regularised. Layouts: dense [in, out], conv2d [kh, kw, in, out].
import * as tfl from '@tensorflow/tfjs-layers';
import { CgesError } from '../util/errors.js';

export type KernelKind = 'dense' | 'conv2d';

export interface RegularizedKernel {
  layer: tfl.layers.Layer;
  kind: KernelKind;
  variable: tfl.LayerVariable;
  /** Position among the regularised kernels (0-based), i.e. the layer index l of the schedule. */
  index: number;
}

const KINDS: Record<string, KernelKind> = { Dense: 'dense', Conv2D: 'conv2d' };

/** The kind of a layer CGES regularises, or undefined for any other layer. */
export function kernelKind(layer: tfl.layers.Layer): KernelKind | undefined {
  return KINDS[layer.getClassName()];
}

/** The layer's kernel variable (not its bias); TF.js names it "<layer>/kernel". */
export function kernelVariable(layer: tfl.layers.Layer): tfl.LayerVariable {
  const kernel = layer.weights.find((weight) => weight.originalName.endsWith('/kernel'));
  if (kernel === undefined) throw new CgesError(`layer "${layer.name}" has no kernel weight (is the model built?)`);
  return kernel;
}

export function regularizedKernels(model: tfl.LayersModel): RegularizedKernel[] {
  const kernels: RegularizedKernel[] = [];
  for (const layer of model.layers) {
    const kind = kernelKind(layer);
    if (kind === undefined) continue;
    kernels.push({ layer, kind, variable: kernelVariable(layer), index: kernels.length });
  }
  if (kernels.length === 0) throw new CgesError(`model "${model.name}" has no Dense or Conv2D layer to regularise`);
  return kernels;
}
