// The input normalisation layer: the wrapped model computes the original model on (x - mean) / std
// (reference: the arithmetic done by hand in float64, then the original model), it survives a save and a
// plain load, it is never trained, and compaction and the coupling graph see through it: the same units
// removable, equal logits after compaction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { compactModel } from '../../src/compact/compact_model.js';
import { channelStatistics } from '../../src/data/channel_statistics.js';
import { loadModel, saveModel } from '../../src/models/model_io.js';
import { regularizedKernels } from '../../src/models/kernels.js';
import { buildModel } from '../../src/models/registry.js';
import { NORMALIZATION_LAYER, withInputNormalization } from '../../src/models/input_normalization.js';
import { couplingGraph } from '../../src/structure/coupling_graph.js';

await tf.setBackend('cpu');

const STATS = { mean: [0.5, -1, 2], std: [2, 0.25, 0] };

/** (x - mean) / std per channel, in float64; a channel of std 0 only shifted. */
function normalizedByHand(values: Float32Array): Float32Array {
  return Float32Array.from(values, (v, i) => {
    const c = i % 3;
    return STATS.std[c] > 0 ? (v - STATS.mean[c]) / STATS.std[c] : v - STATS.mean[c];
  });
}

function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

/** A functional net: input -> conv -> (relu, conv) added -> flatten -> dense. */
function functionalNet(): tfl.LayersModel {
  const input = tfl.input({ shape: [6, 6, 3], name: 'image' });
  const conv = tfl.layers.conv2d({ name: 'c1', filters: 4, kernelSize: 3, padding: 'same', kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }) });
  const a = conv.apply(input) as tfl.SymbolicTensor;
  const b = tfl.layers.conv2d({ name: 'c2', filters: 4, kernelSize: 1, kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }) }).apply(input) as tfl.SymbolicTensor;
  const sum = tfl.layers.add({ name: 'sum' }).apply([a, b]) as tfl.SymbolicTensor;
  const flat = tfl.layers.flatten({ name: 'flat' }).apply(sum) as tfl.SymbolicTensor;
  const out = tfl.layers.dense({ name: 'out', units: 5, kernelInitializer: tfl.initializers.glorotUniform({ seed: 3 }) }).apply(flat) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: out, name: 'functional' });
}

for (const [name, build] of [
  ['a Sequential model', () => buildModel('lenet5', { seed: 2, inputShape: [12, 12, 3], numClasses: 4 })],
  ['a functional model', functionalNet],
] as const) {
  test(`${name}: the wrapped model is the original on normalised inputs, saved and loaded alike`, async () => {
    const model = build();
    const wrapped = await withInputNormalization(model, STATS);
    const [, h, w] = model.inputs[0].shape as number[];
    const x = tf.randomUniform([5, h, w, 3], -3, 3, 'float32', 9);
    const expected = model.predict(tf.tensor(normalizedByHand(x.dataSync() as Float32Array), x.shape)) as tf.Tensor;
    const got = wrapped.predict(x) as tf.Tensor;
    assert.ok(maxDiff(got, expected) < 1e-5, `max difference ${maxDiff(got, expected)}`);
    // The model's own layers and weights are kept; the new layer is frozen, so nothing regularises or trains it.
    assert.equal(wrapped.layers.filter((l) => l.name !== NORMALIZATION_LAYER).length, model.layers.length);
    assert.equal(wrapped.getLayer(NORMALIZATION_LAYER).trainable, false);
    assert.deepEqual(regularizedKernels(wrapped).map((k) => k.name), regularizedKernels(model).map((k) => k.name));
    const dir = mkdtempSync(join(tmpdir(), 'cges-normalize-'));
    try {
      await saveModel(wrapped, join(dir, 'model'));
      const loaded = await loadModel(join(dir, 'model'));
      assert.equal(maxDiff(loaded.predict(x) as tf.Tensor, got), 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await assert.rejects(withInputNormalization(wrapped, STATS), /already normalises its input/);
  });
}

test('compaction and the coupling graph see through the normalisation: same removable sets, equal logits', async () => {
  const model = buildModel('lenet5', { seed: 3, inputShape: [12, 12, 3], numClasses: 4 });
  // conv1 filters 0-9 have no weight in or out: compaction can remove them, with or without normalisation.
  tf.tidy(() => {
    const conv1 = model.getLayer('conv1');
    const [kernel, bias] = conv1.getWeights();
    const dead = tf.concat([tf.zeros([1, 10]), tf.ones([1, 10])], 1);
    conv1.setWeights([tf.mul(kernel, tf.reshape(dead, [1, 1, 1, 20])), tf.mul(bias, tf.reshape(dead, [20]))]);
  });
  const wrapped = await withInputNormalization(model, STATS);
  const free = (m: tfl.LayersModel) => couplingGraph(m).sets.filter((set) => set.pin === undefined).length;
  assert.equal(free(wrapped), free(model));
  const compaction = await compactModel(wrapped);
  assert.equal(compaction.stages[0].unitsAfter, 10);
  // Before every stage, the normalisation leaves the model a chain, which compaction reads by its stages.
  assert.notEqual(compaction.analysis, null);
  const x = tf.randomUniform([4, 12, 12, 3], 0, 1, 'float32', 3);
  const diff = maxDiff(compaction.model.predict(x) as tf.Tensor, wrapped.predict(x) as tf.Tensor);
  assert.ok(diff < 1e-4, `logits differ by ${diff}`);
  assert.ok(compaction.model.layers.some((layer) => layer.name === NORMALIZATION_LAYER));
});

test('channel statistics: float64 mean and population standard deviation per channel', () => {
  const values = Float32Array.from([1, 10, 3, 10, 5, 10, 7, 10]);
  const { mean, std } = channelStatistics(values, 2);
  assert.deepEqual(mean, [4, 10]);
  assert.deepEqual(std, [Math.sqrt(5), 0]);
  assert.throws(() => channelStatistics(values, 3), /whole number of 3-channel values, got 8/);
});
