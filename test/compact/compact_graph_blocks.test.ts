// compactGraph on the blocks of today's networks, each with a chosen zero pattern: equal outputs (as
// built and reloaded with plain TF.js), and the channels that could go gone from every layer they ran
// through, checked on the compacted layers' shapes and against the original's weights gathered by hand.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  editWeight, gatherResidualNet, maskResidualNet, randomizeWeights, residualNet, residualNetKept, symbolic, zeroAlong,
  zeroChannel,
} from '../structure/fixtures.js';
import { compactEqual } from './compact_fixtures.js';

type Sym = tfl.SymbolicTensor;
const apply = (layer: tfl.layers.Layer, input: Sym | Sym[]): Sym => symbolic(layer.apply(input));
const bn = (name: string, t: Sym) => apply(tfl.layers.batchNormalization({ name }), t);
const relu6 = (name: string, t: Sym) => apply(tfl.layers.reLU({ name, maxValue: 6 }), t);
const conv = (name: string, filters: number, kernelSize: number, t: Sym, padding: 'same' | 'valid' = 'same') =>
  apply(tfl.layers.conv2d({ name, filters, kernelSize, padding }), t);
const head = (t: Sym) => apply(tfl.layers.dense({ name: 'head', units: 3 }), apply(tfl.layers.globalAveragePooling2d({ name: 'gap' }), t));

function seeded(inputs: Sym | Sym[], outputs: Sym | Sym[]): tfl.LayersModel {
  const model = tfl.model({ inputs, outputs });
  randomizeWeights(model);
  return model;
}

const channels = (model: tfl.LayersModel, name: string): number | null | undefined => {
  const shape = model.getLayer(name).outputShape;
  return Array.isArray(shape[0]) ? undefined : (shape as (number | null)[]).at(-1);
};
const shapeOf = (model: tfl.LayersModel, name: string, weight: string) =>
  model.getLayer(name).weights.find((w) => w.originalName.endsWith(`/${weight}`))?.shape;
const reasons = (result: Awaited<ReturnType<typeof compactEqual>>) => [...result.decision.removed.values()].sort();

function dispose(...models: tfl.LayersModel[]): void {
  models.forEach((model) => model.dispose());
}

describe('compactGraph on conv-BN-ReLU', () => {
  it('folds a constant filter through BatchNorm and ReLU into a VALID convolution, and drops an unread one', async () => {
    const x = tfl.input({ shape: [6, 6, 2] });
    const first = apply(tfl.layers.reLU({ name: 'relu1' }), bn('bn1', conv('conv1', 5, 3, x)));
    const second = apply(tfl.layers.reLU({ name: 'relu2' }), bn('bn2', conv('conv2', 4, 3, first, 'valid')));
    const out = apply(tfl.layers.dense({ name: 'fc', units: 3 }), apply(tfl.layers.flatten({ name: 'flat' }), second));
    const model = seeded(x, out);
    // conv1's filter 1 reads nothing: the channel is its bias, normalised, ReLU'd, a constant for conv2.
    zeroAlong(model, 'conv1', 'kernel', 3, 1);
    editWeight(model, 'conv1', 'bias', (b) => { b[1] = 0.7; });
    // conv2's channel 2 feeds fc through flat's features 4p + 2, all zero.
    editWeight(model, 'fc', 'kernel', (k) => zeroChannel(k, 3, 4, 2));
    const result = await compactEqual(model);
    assert.deepEqual(reasons(result), ['constant', 'unread']);
    assert.deepEqual([channels(result.model, 'bn1'), channels(result.model, 'bn2')], [4, 3]);
    assert.deepEqual(shapeOf(result.model, 'conv2', 'kernel'), [3, 3, 4, 3]);
    assert.deepEqual(shapeOf(result.model, 'fc', 'kernel'), [16 * 3, 3]);
    dispose(model, result.model);
  });
});

describe('compactGraph on two residual blocks sharing a stream', () => {
  it('removes a stream channel from the stem, both blocks, their BatchNorms, the depthwise step and the head', async () => {
    const model = residualNet([6, 6, 2]);
    maskResidualNet(model, 1, 2);
    const result = await compactEqual(model);
    assert.equal(result.decision.removed.size, 2);
    for (const name of ['stem_bn', 'add1', 'relu1', 'dw2', 'dw2_bn', 'b2_bn', 'add2']) assert.equal(channels(result.model, name), 3, name);
    assert.equal(channels(result.model, 'a1_bn'), 2);
    const kept = residualNetKept(1, 2);
    for (const weight of result.model.weights) {
      const source = model.weights.find((w) => w.originalName === weight.originalName);
      assert.ok(source !== undefined, weight.originalName);
      const expected = gatherResidualNet(kept, source.originalName, source.read());
      assert.deepEqual(Array.from(weight.read().dataSync()), Array.from(expected.dataSync()), weight.originalName);
      expected.dispose();
    }
    dispose(model, result.model);
  });
});

describe('compactGraph on an Inception-style concatenation', () => {
  it('removes a branch\'s channel at its offset in the concatenation', async () => {
    const x = tfl.input({ shape: [6, 6, 3] });
    const stem = conv('stem', 4, 1, x);
    const pooled = apply(tfl.layers.maxPooling2d({ name: 'pool', poolSize: 3, strides: 1, padding: 'same' }), stem);
    const cat = apply(tfl.layers.concatenate({ name: 'cat' }), [conv('b1', 2, 1, stem), conv('b3', 3, 3, stem), conv('bp', 2, 1, pooled)]);
    const model = seeded(x, head(conv('mix', 4, 1, cat)));
    // Concatenated channels: b1 0-1, b3 2-4, bp 5-6. mix reads neither b3's channel 1 nor bp's channel 0.
    for (const c of [3, 5]) zeroAlong(model, 'mix', 'kernel', 2, c);
    const result = await compactEqual(model);
    assert.deepEqual(reasons(result), ['unread', 'unread']);
    assert.deepEqual([channels(result.model, 'b1'), channels(result.model, 'b3'), channels(result.model, 'bp')], [2, 2, 1]);
    assert.deepEqual(shapeOf(result.model, 'mix', 'kernel'), [1, 1, 5, 4]);
    const gathered = tf.gather(model.getLayer('mix').getWeights()[0], [0, 1, 2, 4, 6], 2);
    assert.deepEqual(Array.from(result.model.getLayer('mix').getWeights()[0].dataSync()), Array.from(gathered.dataSync()));
    gathered.dispose();
    dispose(model, result.model);
  });
});

describe('compactGraph on depthwise blocks', () => {
  it('removes an input channel of a depthwise-separable block with all its depthwise outputs', async () => {
    const x = tfl.input({ shape: [6, 6, 2] });
    const stem = relu6('stem_relu', bn('stem_bn', conv('stem', 3, 3, x)));
    const dw = apply(tfl.layers.depthwiseConv2d({ name: 'dw', kernelSize: 3, depthMultiplier: 2, padding: 'same' }), stem);
    const pw = relu6('pw_relu', bn('pw_bn', conv('pw', 4, 1, relu6('dw_relu', bn('dw_bn', dw)))));
    const sep = apply(tfl.layers.separableConv2d({ name: 'sep', filters: 3, kernelSize: 3, padding: 'same', depthMultiplier: 2 }), pw);
    const model = seeded(x, head(sep));
    // dw's outputs 2 and 3 are stem channel 1's; pw reads neither. sep reads pw's channel 0 through
    // neither of its depthwise outputs (a zero depthwise slice).
    for (const c of [2, 3]) zeroAlong(model, 'pw', 'kernel', 2, c);
    zeroAlong(model, 'sep', 'depthwise_kernel', 2, 0);
    const result = await compactEqual(model);
    assert.deepEqual(reasons(result), ['unread', 'unread']);
    assert.deepEqual([channels(result.model, 'stem_bn'), channels(result.model, 'dw'), channels(result.model, 'dw_bn')], [2, 4, 4]);
    assert.deepEqual(shapeOf(result.model, 'dw', 'depthwise_kernel'), [3, 3, 2, 2]);
    assert.deepEqual(shapeOf(result.model, 'sep', 'depthwise_kernel'), [3, 3, 3, 2]);
    assert.deepEqual(shapeOf(result.model, 'sep', 'pointwise_kernel'), [1, 1, 6, 3]);
    dispose(model, result.model);
  });

  it('narrows an inverted-residual block\'s expansion and its residual stream', async () => {
    const x = tfl.input({ shape: [6, 6, 2] });
    const stream = bn('stem_bn', conv('stem', 4, 1, x));
    const expanded = relu6('expand_relu', bn('expand_bn', conv('expand', 8, 1, stream)));
    const dw = relu6('dw_relu', bn('dw_bn', apply(tfl.layers.depthwiseConv2d({ name: 'dw', kernelSize: 3, padding: 'same' }), expanded)));
    const added = apply(tfl.layers.add({ name: 'add' }), [stream, bn('project_bn', conv('project', 4, 1, dw))]);
    const model = seeded(x, head(added));
    // project reads nothing of expanded channel 5; nothing reads stream channel 0 (expand's rows, the head's row).
    zeroAlong(model, 'project', 'kernel', 2, 5);
    zeroAlong(model, 'expand', 'kernel', 2, 0);
    zeroAlong(model, 'head', 'kernel', 0, 0);
    const result = await compactEqual(model);
    assert.deepEqual(reasons(result), ['unread', 'unread']);
    for (const name of ['expand_bn', 'dw', 'dw_bn']) assert.equal(channels(result.model, name), 7, name);
    for (const name of ['stem', 'stem_bn', 'project', 'project_bn', 'add']) assert.equal(channels(result.model, name), 3, name);
    assert.deepEqual(shapeOf(result.model, 'expand', 'kernel'), [1, 1, 3, 7]);
    assert.deepEqual(shapeOf(result.model, 'project', 'kernel'), [1, 1, 7, 3]);
    dispose(model, result.model);
  });
});

describe('compactGraph on a constant channel through a padded convolution', () => {
  it('removes a constant of zero, which padding cannot change, and keeps a non-zero one', async () => {
    for (const bias of [-0.5, 0.5]) {
      const x = tfl.input({ shape: [6, 6, 2] });
      const first = apply(tfl.layers.conv2d({ name: 'conv1', filters: 3, kernelSize: 3, padding: 'same', activation: 'relu' }), x);
      const model = seeded(x, head(conv('conv2', 3, 3, first)));
      // conv1's channel 1 is relu(bias): 0 for a negative bias, 0.5 else; conv2's zero padding reads it.
      zeroAlong(model, 'conv1', 'kernel', 3, 1);
      editWeight(model, 'conv1', 'bias', (b) => { b[1] = bias; });
      const result = await compactEqual(model);
      if (bias < 0) {
        assert.deepEqual(reasons(result), ['constant']);
        assert.deepEqual(shapeOf(result.model, 'conv2', 'kernel'), [3, 3, 2, 3]);
      } else {
        assert.equal(result.decision.removed.size, 0);
        assert.equal(result.decision.notFoldable.size, 1);
        assert.deepEqual(shapeOf(result.model, 'conv2', 'kernel'), [3, 3, 3, 3]);
      }
      dispose(model, result.model);
    }
  });
});

describe('compactGraph on PReLU and Conv1D', () => {
  it('slices PReLU\'s per-channel alpha, per position or shared across space', async () => {
    const x = tfl.input({ shape: [5, 5, 2] });
    const full = apply(tfl.layers.prelu({ name: 'prelu_full' }), conv('conv1', 4, 3, x));
    const shared = apply(tfl.layers.prelu({ name: 'prelu_shared', sharedAxes: [1, 2] }), conv('conv2', 4, 3, full));
    const model = seeded(x, head(shared));
    zeroAlong(model, 'conv2', 'kernel', 2, 1);
    zeroAlong(model, 'head', 'kernel', 0, 3);
    const result = await compactEqual(model);
    assert.deepEqual(reasons(result), ['unread', 'unread']);
    for (const [name, channel] of [['prelu_full', 1], ['prelu_shared', 3]] as const) {
      const expected = tf.gather(model.getLayer(name).getWeights()[0], [0, 1, 2, 3].filter((c) => c !== channel), 2);
      const actual = result.model.getLayer(name).getWeights()[0];
      assert.deepEqual(actual.shape, expected.shape, name);
      assert.deepEqual(Array.from(actual.dataSync()), Array.from(expected.dataSync()), name);
      expected.dispose();
    }
    dispose(model, result.model);
  });

  it('folds a constant Conv1D filter into a VALID Conv1D and drops an unread one', async () => {
    const x = tfl.input({ shape: [10, 3] });
    const first = apply(tfl.layers.conv1d({ name: 'c1', filters: 5, kernelSize: 3, padding: 'same', activation: 'relu' }), x);
    const second = apply(tfl.layers.conv1d({ name: 'c2', filters: 4, kernelSize: 3, activation: 'relu' }), first);
    const out = apply(tfl.layers.dense({ name: 'fc', units: 2 }), apply(tfl.layers.flatten({ name: 'flat' }), second));
    const model = seeded(x, out);
    zeroAlong(model, 'c1', 'kernel', 2, 4);
    editWeight(model, 'c1', 'bias', (b) => { b[4] = 0.3; });
    // c2's channel 1 is flat's features 4p + 1: fc reads none of them.
    editWeight(model, 'fc', 'kernel', (k) => zeroChannel(k, 2, 4, 1));
    const result = await compactEqual(model);
    assert.deepEqual(reasons(result), ['constant', 'unread']);
    assert.deepEqual(shapeOf(result.model, 'c1', 'kernel'), [3, 3, 4]);
    assert.deepEqual(shapeOf(result.model, 'c2', 'kernel'), [3, 4, 3]);
    assert.deepEqual(shapeOf(result.model, 'fc', 'kernel'), [8 * 3, 2]);
    dispose(model, result.model);
  });
});

describe('compactGraph on a model with several inputs and outputs', () => {
  it('compacts a shared trunk read by two heads, equal on both outputs', async () => {
    const image = tfl.input({ shape: [4, 4, 2], name: 'image' });
    const extra = tfl.input({ shape: [5], name: 'extra' });
    const pooled = apply(tfl.layers.globalAveragePooling2d({ name: 'gap' }), apply(tfl.layers.reLU({ name: 'relu' }), bn('bn', conv('conv', 4, 3, image))));
    const side = apply(tfl.layers.dense({ name: 'side', units: 3, activation: 'relu' }), extra);
    const trunk = apply(tfl.layers.dense({ name: 'trunk', units: 6, activation: 'relu' }), apply(tfl.layers.concatenate({ name: 'cat' }), [pooled, side]));
    const classes = apply(tfl.layers.dense({ name: 'classes', units: 3, activation: 'softmax' }), trunk);
    const value = apply(tfl.layers.dense({ name: 'value', units: 1 }), trunk);
    const model = seeded([image, extra], [classes, value]);
    // The trunk reads neither conv's channel 2 nor side's unit 0; neither head reads trunk unit 4.
    for (const row of [2, 4]) zeroAlong(model, 'trunk', 'kernel', 0, row);
    for (const name of ['classes', 'value']) zeroAlong(model, name, 'kernel', 0, 4);
    const result = await compactEqual(model);
    assert.deepEqual(reasons(result), ['unread', 'unread', 'unread']);
    assert.deepEqual([channels(result.model, 'bn'), channels(result.model, 'side'), channels(result.model, 'trunk')], [3, 2, 5]);
    assert.equal(result.check.outputs.length, 2);
    assert.ok(result.check.outputs.every((output) => output.maxAbsDiff <= 1e-6 && output.scale > 0));
    dispose(model, result.model);
  });
});
