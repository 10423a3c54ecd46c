// Checks every built-in network of today's kind passes (not a test file itself): it builds for MNIST's and
// CIFAR's shapes, the same seed builds the same weights, one CGES step on the cpu backend leaks no tensor,
// the coupling graph follows every layer, and compaction removes hand-zeroed channels with equal logits.
// The steps and the compaction run on small 8x8 images, which keeps the cpu backend's convolutions quick.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type * as tfl from '@tensorflow/tfjs-layers';
import { compactModel } from '../../src/compact/compact_model.js';
import { regularizedKernels } from '../../src/models/kernels.js';
import { buildModel } from '../../src/models/registry.js';
import { couplingGraph } from '../../src/structure/coupling_graph.js';
import { makeOptimizer } from '../../src/train/optimizers.js';
import { makeRegularizer } from '../../src/train/regularizers/index.js';
import { makeTrainStep } from '../../src/train/train_step.js';
import { Rng } from '../../src/train/rng.js';
import { editLayer, maxOutputDiff, seededValues, uniformInputs, zeroChannel } from '../structure/fixtures.js';

await tf.setBackend('cpu');

const SMALL_IMAGES: [number, number, number] = [8, 8, 1];

export interface NetExpectations {
  name: string;
  /** Each shape's layer whose output shape is checked, and that shape. */
  shapes: { inputShape: [number, number, number]; numClasses: number; layer: string; outputShape: number[] }[];
  /**
   * Channels made unread by hand: zeroing `reader`'s input channel `channel` (its kernel viewed as
   * [rows, cols] with `channels` input channels) must take one filter from `maker`.
   */
  unread: { reader: string; channels: number; channel: number; maker: string }[];
}

function filters(model: tfl.LayersModel, name: string): number {
  const shape = model.getLayer(name).weights[0].shape;
  return shape[shape.length - 1] ?? 0;
}

/** Moving statistics and scales away from their start, so that BatchNorm is no identity to compact through. */
function randomizeBatchNorms(model: tfl.LayersModel): void {
  model.layers.filter((layer) => layer.getClassName() === 'BatchNormalization').forEach((layer, k) => {
    const values = layer.weights.map((w, j) => {
      const data = seededValues(w.read().size, 11 + 7 * k + j);
      // gamma and variance in [0.5, 1.5); beta and mean in [-1, 1).
      if (/(gamma|moving_variance)$/.test(w.originalName)) data.forEach((v, i) => { data[i] = 1 + v / 2; });
      return tf.tensor(data, w.shape.map((d) => d ?? 0));
    });
    layer.setWeights(values);
    tf.dispose(values);
  });
}

function weightsOf(model: tfl.LayersModel): Float32Array[] {
  return model.getWeights().map((w) => w.dataSync<'float32'>().slice());
}

export function checkBuiltinNet(expected: NetExpectations): void {
  const { name } = expected;

  test(`${name} builds for each data shape and class count`, () => {
    for (const { inputShape, numClasses, layer, outputShape } of expected.shapes) {
      const model = buildModel(name, { seed: 1, inputShape, numClasses });
      assert.deepEqual(model.inputs[0].shape, [null, ...inputShape]);
      assert.deepEqual(model.outputs[0].shape, [null, numClasses]);
      assert.deepEqual(model.getLayer(layer).outputShape, [null, ...outputShape], `${layer} on ${inputShape}`);
      model.dispose();
    }
  });

  test(`${name}: the same seed builds the same weights, another seed others`, () => {
    const [a, b, c] = [1, 1, 2].map((seed) => buildModel(name, { seed }));
    const [wa, wb, wc] = [a, b, c].map(weightsOf);
    assert.deepEqual(wa, wb);
    assert.deepEqual(a.layers.map((l) => l.name), b.layers.map((l) => l.name));
    assert.notDeepEqual(wa, wc);
    [a, b, c].forEach((m) => m.dispose());
  });

  test(`${name}: a CGES training step keeps the tensor count and lowers the loss on its batch`, () => {
    const inputShape = SMALL_IMAGES;
    const numClasses = 10;
    const model = buildModel(name, { seed: 3, inputShape, numClasses });
    const optimizer = makeOptimizer('sgd', 0.05);
    const regularizer = makeRegularizer('cges', { lambda: 1e-4, mu: 0.8, grouping: 'input', exclusiveForm: 'original' });
    const step = makeTrainStep({ model, optimizer, regularizer, kernels: regularizedKernels(model), dropoutRng: new Rng(5) });
    const xs = tf.randomUniform([4, ...inputShape], 0, 1, 'float32', 7) as tf.Tensor4D;
    const labels = tf.tensor1d([0, 1, 2, 3], 'int32');
    const first = step(xs, labels, 0.05);
    const count = tf.memory().numTensors;
    step(xs, labels, 0.05);
    assert.equal(tf.memory().numTensors, count);
    assert.ok(step(xs, labels, 0.05).loss < first.loss, 'three steps on one batch lower its loss');
    tf.dispose([xs, labels]);
    optimizer.dispose();
    model.dispose();
  });

  test(`${name}: the coupling graph follows every layer, and compaction removes unread channels exactly`, async () => {
    const inputShape = SMALL_IMAGES;
    const model = buildModel(name, { seed: 4, inputShape, numClasses: 10 });
    randomizeBatchNorms(model);
    assert.deepEqual(couplingGraph(model).notes, []);
    for (const { reader, channels, channel } of expected.unread) {
      const cols = filters(model, reader);
      editLayer(model, reader, (kernel) => zeroChannel(kernel, cols, channels, channel));
    }
    const x = uniformInputs([8, ...inputShape]);
    const before = tf.memory().numTensors;
    const result = await compactModel(model, { verifyInputs: x });
    assert.ok(result.model.countParams() < model.countParams());
    for (const { maker } of expected.unread) {
      assert.equal(filters(result.model, maker), filters(model, maker) - 1, `${maker} lost its unread filter`);
    }
    const scale = tf.tidy(() => tf.max(tf.abs(model.predict(x) as tf.Tensor)).dataSync()[0]);
    const diff = maxOutputDiff(model, result.model, x);
    assert.ok(diff <= 1e-5 * Math.max(1, scale), `max logit difference ${diff} at scale ${scale}`);
    result.model.dispose();
    assert.equal(tf.memory().numTensors, before);
    x.dispose();
    model.dispose();
  });
}
