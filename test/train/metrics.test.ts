import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { buildModel } from '../../src/models/registry.js';
import { flopCosts, ORIGINAL_FLOP_COSTS, sparsityReport, testAccuracy } from '../../src/train/metrics.js';

await tf.setBackend('cpu');

/** flatten [1,1,4] -> dense 4x3 -> dense 3x2, with hand-placed zeros. */
function handModel(): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.flatten({ inputShape: [1, 1, 4] }));
  model.add(tfl.layers.dense({ units: 3, name: 'a' }));
  model.add(tfl.layers.dense({ units: 2, name: 'b' }));
  model.setWeights([
    // Rows 1 and 3 all zero; column 2 all zero; 9 of 12 weights zero.
    tf.tensor2d([[1, 2, 0], [0, 0, 0], [3, 0, 0], [0, 0, 0]]), tf.zeros([3]),
    // Row 0 zero, column 1 all zero; 4 of 6 zero.
    tf.tensor2d([[0, 0], [5, 0], [6, 0]]), tf.zeros([2]),
  ]);
  return model;
}

test('per-layer zeros, groups, alive units, using param and MACs match hand counts', () => {
  const model = handModel();
  const costs = { kernelSizes: [12, 6], flopCosts: [10, 30], macs: 18 };
  const input = sparsityReport(model, 'input', costs);
  assert.deepEqual(input.layers.map(({ name, shape, nonzeros, zeroGroups, totalGroups, aliveUnits, totalUnits }) =>
    ({ name, shape, nonzeros, zeroGroups, totalGroups, aliveUnits, totalUnits })), [
    { name: 'a', shape: [4, 3], nonzeros: 3, zeroGroups: 2, totalGroups: 4, aliveUnits: 2, totalUnits: 3 },
    { name: 'b', shape: [3, 2], nonzeros: 2, zeroGroups: 1, totalGroups: 3, aliveUnits: 1, totalUnits: 2 },
  ]);
  assert.deepEqual(input.layers.map((layer) => layer.sparsity), [9 / 12, 4 / 6]);
  assert.equal(input.usingParam, 5 / 18);
  assert.ok(Math.abs(input.flopOriginal - (1 - (9 / 12 * 10 + 4 / 6 * 30) / 40)) < 1e-12);
  assert.deepEqual(input.macs, { dense: 18, nonzero: 5, fraction: 5 / 18 });
  const output = sparsityReport(model, 'output', costs);
  assert.deepEqual(output.layers.map((l) => [l.zeroGroups, l.totalGroups]), [[1, 3], [1, 2]]);
});

test('the FLOP costs are the original ones for seed-mnist and dense MACs otherwise', () => {
  assert.deepEqual(ORIGINAL_FLOP_COSTS, [460800, 5120000, 3211264, 10240]);
  assert.deepEqual(flopCosts(buildModel('seed-mnist'), true), [460800, 5120000, 3211264, 10240]);
  assert.deepEqual(flopCosts(buildModel('lenet-300-100'), false), [784 * 300, 300 * 100, 100 * 10]);
  // Built for other images, seed-mnist is not the original network: its own MACs count.
  const cifarShaped = buildModel('seed-mnist', { inputShape: [32, 32, 3], numClasses: 100 });
  assert.deepEqual(flopCosts(cifarShaped, true), [32 * 32 * 25 * 3 * 32, 16 * 16 * 25 * 32 * 64, 4096 * 1024, 1024 * 100]);
  // A dense network's FLOP figure with dense-MAC costs is exactly its MAC fraction.
  const model = handModel();
  const report = sparsityReport(model, 'input');
  assert.ok(Math.abs(report.flopOriginal - report.macs.fraction) < 1e-12);
});

test('against a larger reference, the figures are shares of it: what a shrink removed counts as zeros', () => {
  const model = handModel();
  // As if the model had been shrunk from one with kernels of 24 and 12 weights and 60 MACs.
  const report = sparsityReport(model, 'input', { kernelSizes: [24, 12], flopCosts: [10, 30], macs: 60 });
  assert.deepEqual(report.layers.map((layer) => layer.sparsity), [21 / 24, 10 / 12]);
  assert.equal(report.usingParam, 5 / 36);
  assert.ok(Math.abs(report.flopOriginal - (1 - ((21 / 24) * 10 + (10 / 12) * 30) / 40)) < 1e-12);
  assert.deepEqual(report.macs, { dense: 60, nonzero: 5, fraction: 5 / 60 });
  assert.deepEqual(report.layers.map((layer) => layer.shape), [[4, 3], [3, 2]]);
});

test('test accuracy counts argmax hits over the whole set in batches, without leaking', () => {
  const model = handModel();
  // x = e_0: layer a gives [1, 2, 0], layer b [2*5, 0] = [10, 0] -> class 0 (label 0, a hit).
  // x = e_2: layer a gives [3, 0, 0], layer b [0, 0] -> class 0, the first maximum (label 1, a miss).
  const images = new Float32Array([1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0]);
  const data = { images, labels: Uint8Array.from([0, 1, 1]), count: 3 };
  const before = tf.memory().numTensors;
  // Batches of 2 over 3 examples: the last batch is short.
  assert.equal(testAccuracy(model, data, 2), 1 / 3);
  assert.equal(tf.memory().numTensors, before);
});
