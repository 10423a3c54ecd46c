// Reproducible dropout. A tfjs-layers Dropout layer built with a seed draws the same mask at every call
// (it re-seeds its generator each time), and one built without a seed draws from Math.random, so
// neither gives fresh masks that a seed can replay. Before each training step we therefore hand every
// dropout layer a new seed from the run's own RNG: masks change per step, and the same run seed (or a
// restored RNG state) gives the same masks. The seed lives in a field tfjs-layers reads at call time.
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Rng } from './rng.js';

/** Layers whose dropout mask is drawn from the `seed` field of the layer. */
export function dropoutLayers(model: tfl.LayersModel): tfl.layers.Layer[] {
  return model.layers.filter((layer) => layer.getClassName() === 'Dropout' && 'seed' in layer);
}

export function reseedDropout(layers: tfl.layers.Layer[], rng: Rng): void {
  for (const layer of layers) Reflect.set(layer, 'seed', rng.nextUint32());
}
