// A small seeded model with both kernel kinds for the regulariser tests:
// conv2d [3, 3, 1, 4] -> flatten -> dense [144, 8] -> dense [8, 3].
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

export function smallModel(seed = 1): tfl.LayersModel {
  const init = (offset: number) => tfl.initializers.randomNormal({ mean: 0, stddev: 0.3, seed: seed + offset });
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, padding: 'valid', kernelInitializer: init(0) }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 8, activation: 'relu', kernelInitializer: init(1) }),
      tfl.layers.dense({ units: 3, kernelInitializer: init(2) }),
    ],
  });
}

/** Copies of the current kernel values (conv, dense, dense), to compare against after a step. */
export function kernelValues(model: tfl.LayersModel): tf.Tensor[] {
  return model.layers.filter((layer) => layer.weights.length > 0).map((layer) => tf.clone(layer.getWeights()[0]));
}
