// compactGraph on hand-built models with chosen zero patterns: residual, BatchNorm, depthwise, separable,
// concatenation, a nested Sequential. The references are the original model's own outputs on the cpu
// backend, TF.js's parameter count of the smaller model built by hand, and plain tf.loadLayersModel.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel, saveModel } from '../../src/models/model_io.js';
import { editWeight, mixedNet, randomizeWeights, symbolic, zeroChannel, zeroColumn, zeroMixedNet } from '../structure/fixtures.js';
import { compactEqual } from './compact_fixtures.js';

describe('compactGraph', () => {
  it('removes an unread residual channel from every layer of its set, and folds a constant filter', async () => {
    const model = mixedNet(4, 5);
    randomizeWeights(model);
    zeroMixedNet(model);
    const result = await compactEqual(model);
    assert.deepEqual([...result.decision.removed.values()].sort(), ['constant', 'unread']);
    assert.equal(result.model.countParams(), mixedNet(3, 4).countParams());
    assert.equal(result.after.params, result.model.countParams());
    assert.deepEqual(result.model.getLayer('dw').outputShape, [null, 6, 6, 6]);
    model.dispose();
    result.model.dispose();
  });

  it('keeps a constant channel that a padded convolution would make vary at the borders', async () => {
    const model = mixedNet(4, 5);
    randomizeWeights(model);
    // Both makers of residual channel 2 have zero columns: the channel is constant until b1's SAME
    // 3x3 convolution (and dw's) reads it, where the zero padding makes the borders differ.
    editWeight(model, 'stem', 'kernel', (k) => zeroColumn(k, 4, 2));
    editWeight(model, 'b1', 'kernel', (k) => zeroColumn(k, 4, 2));
    const result = await compactEqual(model);
    assert.equal(result.decision.removed.size, 0);
    assert.equal(result.decision.notFoldable.size, 1);
    assert.equal(result.model.countParams(), model.countParams());
    model.dispose();
    result.model.dispose();
  });

  it('slices a nested Sequential and the layers around it alike', async () => {
    const block = tfl.sequential({
      name: 'block',
      layers: [
        tfl.layers.conv2d({ name: 'inner', inputShape: [4, 4, 3], filters: 3, kernelSize: 1 }),
        tfl.layers.batchNormalization({ name: 'inner_bn' }),
      ],
    });
    const x = tfl.input({ shape: [4, 4, 2] });
    const stem = symbolic(tfl.layers.conv2d({ name: 'stem', filters: 3, kernelSize: 1 }).apply(x));
    const joined = symbolic(tfl.layers.add({ name: 'add' }).apply([stem, symbolic(block.apply(stem))]));
    const flat = symbolic(tfl.layers.flatten({ name: 'flat' }).apply(joined));
    const model = tfl.model({ inputs: x, outputs: symbolic(tfl.layers.dense({ name: 'fc', units: 2 }).apply(flat)) });
    randomizeWeights(model);
    randomizeWeights(block, 11);
    // Channel 0 of the stream is read by the block's conv and by fc through the flatten's features 3p.
    editWeight(model, 'fc', 'kernel', (k) => zeroChannel(k, 2, 3, 0));
    const inner = block.getLayer('inner');
    const kernel = inner.getWeights()[0].dataSync<'float32'>().slice();
    zeroChannel(kernel, 3, 3, 0);
    inner.setWeights([tf.tensor(kernel, [1, 1, 3, 3]), inner.getWeights()[1]]);
    const result = await compactEqual(model);
    assert.deepEqual([...result.decision.removed.values()], ['unread']);
    const compactedBlock = result.model.getLayer('block');
    assert.ok(compactedBlock instanceof tfl.LayersModel);
    assert.deepEqual(compactedBlock.getLayer('inner_bn').outputShape, [null, 4, 4, 2]);
    model.dispose();
    result.model.dispose();
  });
});

describe('compactGraph on a converted Keras-style MobileNet block', () => {
  it('loads from model.json, compacts a residual channel of BN, ReLU6 and depthwise layers, and reloads', async () => {
    const x = tfl.input({ shape: [12, 12, 3] });
    const padded = symbolic(tfl.layers.zeroPadding2d({ name: 'pad', padding: 1 }).apply(x));
    const stem = symbolic(tfl.layers.conv2d({ name: 'stem', filters: 8, kernelSize: 3, strides: 2, useBias: false }).apply(padded));
    const act = (name: string, t: tfl.SymbolicTensor) => symbolic(tfl.layers.reLU({ name, maxValue: 6 }).apply(t));
    const bn = (name: string, t: tfl.SymbolicTensor) => symbolic(tfl.layers.batchNormalization({ name }).apply(t));
    const stream = act('stem_relu', bn('stem_bn', stem));
    const dw = symbolic(tfl.layers.depthwiseConv2d({ name: 'dw', kernelSize: 3, padding: 'same', useBias: false }).apply(stream));
    const project = symbolic(tfl.layers.conv2d({ name: 'project', filters: 8, kernelSize: 1, useBias: false })
      .apply(act('dw_relu', bn('dw_bn', dw))));
    const added = symbolic(tfl.layers.add({ name: 'add' }).apply([stream, bn('project_bn', project)]));
    const pooled = symbolic(tfl.layers.globalAveragePooling2d({ name: 'gap' }).apply(added));
    const probs = symbolic(tfl.layers.dense({ name: 'probs', units: 4, activation: 'softmax' }).apply(pooled));
    const built = tfl.model({ inputs: x, outputs: probs });
    randomizeWeights(built);
    // Stream channel 3 runs through stem, its BatchNorm and ReLU6, the depthwise conv and its BatchNorm,
    // the projection's output channel 3 and the add; project's input rows 3 and the head's row 3 read it.
    editWeight(built, 'project', 'kernel', (k) => zeroChannel(k, 8, 8, 3));
    editWeight(built, 'probs', 'kernel', (k) => zeroChannel(k, 4, 8, 3));
    const dir = mkdtempSync(join(tmpdir(), 'cges-converted-'));
    try {
      await saveModel(built, dir);
      const model = await loadModel(join(dir, 'model.json'));
      const result = await compactEqual(model);
      assert.deepEqual([...result.decision.removed.values()], ['unread']);
      for (const name of ['stem_bn', 'dw', 'dw_bn', 'project_bn', 'add']) {
        assert.equal(result.model.getLayer(name).outputShape.at(-1), 7, name);
      }
      assert.equal(result.model.getLayer('probs').getConfig().activation, 'softmax');
      model.dispose();
      result.model.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      built.dispose();
    }
  });
});
