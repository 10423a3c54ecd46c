// compactedCost predicts what compactModel then builds: its MACs and parameters must equal countMacs and
// countParams of the compacted model, on hand-built zero patterns (removals, folds into a layer without
// bias, conv -> pool -> flatten -> dense) and on a network trained with CGES; plus one count by hand.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { compactModel } from '../../src/compact/compact_model.js';
import { countMacs, countParams } from '../../src/models/macs.js';
import { compactedCost } from '../../src/structure/compacted_cost.js';
import { couplingGraph } from '../../src/structure/coupling_graph.js';
import { graphCompactedCost } from '../../src/structure/graph_compacted_cost.js';
import { graphCost } from '../../src/structure/graph_cost.js';
import { CgesCallback, makeRegularizer } from '../../src/train/regularizers/index.js';
import { fakeMnist } from '../train/fixtures.js';
import { convPoolConvNet, editLayer, mixedNet, randomizeWeights, zeroChannel, zeroColumn } from './fixtures.js';

async function assertMatchesCompaction(model: tfl.LayersModel): Promise<void> {
  const cost = compactedCost(model);
  const { model: compacted } = await compactModel(model);
  assert.equal(cost.macs, countMacs(compacted).total, 'MACs');
  assert.equal(cost.params, countParams(compacted).total, 'parameters');
  assert.equal(cost.denseMacs, countMacs(model).total);
  assert.equal(cost.denseParams, countParams(model).total);
  cost.stages.forEach((stage) => {
    const shape = compacted.getLayer(stage.layer).outputShape;
    assert.equal(stage.unitsAfter, shape[shape.length - 1], `${stage.layer} units`);
  });
  compacted.dispose();
}

function denseChain(useBias: boolean): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ name: 'fc1', inputShape: [6], units: 5, activation: 'relu' }));
  model.add(tfl.layers.dense({ name: 'fc2', units: 4, activation: 'relu', useBias }));
  model.add(tfl.layers.dense({ name: 'fc3', units: 3 }));
  randomizeWeights(model);
  return model;
}

describe('compactedCost', () => {
  it('counts a dense chain by hand: one unit without outgoing weights, one constant unit folded', () => {
    const model = denseChain(true);
    editLayer(model, 'fc2', (kernel) => zeroChannel(kernel, 4, 5, 3)); // fc1 unit 3 feeds nothing
    editLayer(model, 'fc2', (kernel) => zeroColumn(kernel, 4, 0)); // fc2 unit 0 is the constant relu(b)
    const cost = compactedCost(model);
    // fc1 6x4, fc2 4x3, fc3 3x3: MACs 24 + 12 + 9; parameters add 4 + 3 + 3 biases.
    assert.equal(cost.macs, 45);
    assert.equal(cost.params, 55);
    assert.equal(cost.denseMacs, 6 * 5 + 5 * 4 + 4 * 3);
    assert.equal(cost.macsFraction, 45 / 62);
    assert.deepEqual(cost.stages.map((s) => s.unitsAfter), [4, 3, 3]);
    model.dispose();
  });

  it('equals the compacted model when a constant is folded into a layer without bias', async () => {
    const model = denseChain(false);
    editLayer(model, 'fc1', (kernel, bias) => {
      zeroColumn(kernel, 5, 2);
      bias![2] = 0.4;
    });
    await assertMatchesCompaction(model);
    model.dispose();
  });

  it('equals the compacted model for conv -> pool -> conv -> flatten -> dense', async () => {
    const model = convPoolConvNet([9, 9, 2], [4, 5], 6);
    editLayer(model, 'conv2', (kernel) => zeroChannel(kernel, 5, 4, 1));
    editLayer(model, 'conv2', (kernel, bias) => {
      zeroColumn(kernel, 5, 4);
      bias![4] = -1; // relu(-1) = 0: removable although nothing folds
    });
    editLayer(model, 'fc', (kernel) => zeroChannel(kernel, 6, 5, 0));
    await assertMatchesCompaction(model);
    assert.deepEqual(compactedCost(model).stages.map((s) => s.unitsAfter), [3, 3, 6, 2]);
    model.dispose();
  });

  it('on a chain, the coupling graph\'s rules give what the chain\'s give', () => {
    const model = convPoolConvNet([9, 9, 2], [4, 5], 6);
    editLayer(model, 'conv2', (kernel) => zeroChannel(kernel, 5, 4, 1));
    editLayer(model, 'conv2', (kernel, bias) => {
      zeroColumn(kernel, 5, 4);
      bias![4] = 0.7; // folded through pooling and flatten into fc's bias
    });
    editLayer(model, 'fc', (kernel) => zeroChannel(kernel, 6, 5, 0));
    const chain = compactedCost(model);
    const graph = graphCompactedCost(model);
    assert.deepEqual(graph, chain);
    assert.deepEqual(graph.stages.map((s) => s.unitsAfter), [3, 3, 6, 2]);
    model.dispose();
  });

  it('equals the compacted model of a residual net with BatchNorm, depthwise and separable layers', async () => {
    const model = mixedNet(4, 5);
    randomizeWeights(model);
    // sep's filter 3 reaches only the head, through the concatenation's feature 3.
    editLayer(model, 'head', (kernel) => zeroChannel(kernel, 3, 9, 3));
    const cost = compactedCost(model);
    const { model: compacted } = await compactModel(model);
    assert.equal(cost.params, compacted.countParams());
    assert.equal(cost.macs, graphCost(couplingGraph(compacted)).macs);
    assert.deepEqual(cost.stages.map((stage) => [stage.layer, stage.unitsAfter]), [['stem', 4], ['b1', 4], ['sep', 4], ['head', 3]]);
    compacted.dispose();
    model.dispose();
  });

  it('equals the compacted model of a conv net trained with strong CGES', async () => {
    const model = tfl.sequential();
    const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
    model.add(tfl.layers.conv2d({
      inputShape: [28, 28, 1], filters: 6, kernelSize: 3, strides: 3, activation: 'relu', kernelInitializer: init(1),
    }));
    model.add(tfl.layers.flatten());
    model.add(tfl.layers.dense({ units: 12, activation: 'relu', kernelInitializer: init(2) }));
    model.add(tfl.layers.dense({ units: 3, kernelInitializer: init(3) }));
    const eta = 0.1;
    model.compile({ optimizer: tf.train.sgd(eta), loss: (y: tf.Tensor, p: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, p) });
    const data = fakeMnist(300, 5);
    const xs = tf.tensor4d(data.images, [data.count, 28, 28, 1]);
    const ys = tf.oneHot(tf.tensor1d(data.labels, 'int32'), 3);
    const regularizer = makeRegularizer('cges', { lambda: 0.05, mu: 0.8, grouping: 'output', exclusiveForm: 'original' });
    await model.fit(xs, ys, {
      batchSize: 20, epochs: 2, shuffle: false, verbose: 0,
      callbacks: [new CgesCallback(model, regularizer, { learningRate: eta })],
    });
    tf.dispose([xs, ys]);
    const cost = compactedCost(model);
    assert.ok(cost.macs < cost.denseMacs, 'training left something to remove');
    await assertMatchesCompaction(model);
    model.dispose();
  });
});
