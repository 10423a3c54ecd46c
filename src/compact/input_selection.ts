// A model compacted with pruneInputs takes only the input features some unit reads
// (Compaction.inputFeatures, recorded in compact.json): examples are flattened row-major, as the Flatten
// it replaced did, and the kept features taken in order. Everything that feeds such a model goes through
// selectFeatures: the equality proof, `cges eval`, and a library user's own inference.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Split } from '../data/mnist.js';

/** The kept input features of examples `x` ([N, ...input shape]): [N, features.length]. */
export function selectFeatures(x: tf.Tensor, features: readonly number[]): tf.Tensor {
  return tf.tidy(() => tf.gather(tf.reshape(x, [x.shape[0], -1]), Int32Array.from(features), 1));
}

/** The share of `data`'s examples the model, fed their kept features, classifies right. */
export function accuracyOnFeatures(
  model: tfl.LayersModel, data: Split, features: readonly number[], batchSize = 1000,
): number {
  const size = data.count === 0 ? 0 : data.images.length / data.count;
  let correct = 0;
  for (let start = 0; start < data.count; start += batchSize) {
    const count = Math.min(batchSize, data.count - start);
    correct += tf.tidy(() => {
      const x = tf.tensor2d(data.images.subarray(start * size, (start + count) * size), [count, size]);
      const predicted = tf.argMax(model.predict(selectFeatures(x, features)) as tf.Tensor, 1);
      const labels = tf.tensor1d(data.labels.subarray(start, start + count), 'int32');
      return tf.sum(tf.cast(tf.equal(predicted, labels), 'int32')).dataSync()[0];
    });
  }
  return data.count === 0 ? 0 : correct / data.count;
}
