// What a cost target can ask of a model: the smallest compacted cost its structure allows (one unit in
// each family whose units can go, the output fixed, and the input unless its features or pixels are
// units) against counts by hand, on chains and on a residual model. A target below the floor is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tfl from '@tensorflow/tfjs-layers';
import { withInputNormalization } from '../../src/models/input_normalization.js';
import { buildModel } from '../../src/models/registry.js';
import { compactedCost } from '../../src/structure/compacted_cost.js';
import { chainProblem } from '../../src/structure/chain.js';
import { smallestCost } from '../../src/structure/cost_limits.js';
import { checkTargetFits } from '../../src/train/cost_target.js';
import { twoConvNet } from '../train/fixtures.js';
import './fixtures.js';

test('the smallest cost of lenet-300-100 is one fc1 and one fc2 unit (by hand), and a target below it is refused', () => {
  const model = buildModel('lenet-300-100', { seed: 1 });
  const floor = smallestCost(model);
  // fc1 784x1 + 1 bias, fc2 1x1 + 1, fc3 1x10 + 10; dense 784x300 + 300, 300x100 + 100, 100x10 + 10.
  assert.deepEqual([floor.macs, floor.params], [784 + 1 + 10, 785 + 2 + 20]);
  assert.deepEqual([floor.denseMacs, floor.denseParams], [266200, 266610]);
  assert.throws(() => checkTargetFits(model, { params: 0.001 }),
    /^CgesError: target params 0.001 is below the smallest the structure allows, 0.003027 of the dense params/);
  assert.throws(() => checkTargetFits(model, { macs: 0.5, params: 0.002 }), /target params 0.002 is below/);
  assert.doesNotThrow(() => checkTargetFits(model, { macs: 795 / 266200, params: 807 / 266610 }));
  // With the input's features or pixels as units, fc1 may keep one row: one feature, or a one-pixel crop of
  // the one-channel image. The floor is then 1 + 1 + 10 MACs and 2 + 2 + 20 parameters.
  for (const inputs of [{ pruneInputs: true }, { cropInput: true }]) {
    const least = smallestCost(model, inputs);
    assert.deepEqual([least.macs, least.params], [1 + 1 + 10, 2 + 2 + 20]);
    assert.doesNotThrow(() => checkTargetFits(model, { params: 0.001 }, inputs));
  }
  assert.throws(() => checkTargetFits(model, { params: 0.00001 }, { cropInput: true }),
    /below the smallest the structure allows, 0.00009002 of the dense params \(one unit in each layer and a one-pixel crop, the output fixed\)$/);
  model.dispose();
});

test('the smallest cost of a conv net keeps one filter per conv layer, sliced as compaction slices it (by hand)', () => {
  const model = twoConvNet(1);
  // conv1 4x4/4 on 28x28x1 -> 7x7x8; conv2 3x3 SAME -> 7x7x8; flatten 392 -> fc1 16 -> fc2 3.
  // One unit each: conv1 16 weights at 49 positions, conv2 9 at 49, fc1 49 rows x 1, fc2 1 x 3.
  const floor = smallestCost(model);
  assert.equal(floor.macs, 16 * 49 + 9 * 49 + 49 + 3);
  assert.equal(floor.params, (16 + 1) + (9 + 1) + (49 + 1) + (3 + 3));
  assert.deepEqual([floor.denseMacs, floor.denseParams], [128 * 49 + 576 * 49 + 392 * 16 + 48, 136 + 584 + 6288 + 51]);
  assert.ok(floor.macs < compactedCost(model).macs);
  model.dispose();
});

/** flatten -> d1 -> d2, then d1 + d2 -> out: a residual, which the coupling graph follows. */
function residualNet(): tfl.LayersModel {
  const input = tfl.input({ shape: [28, 28, 1] });
  const flat = tfl.layers.flatten().apply(input) as tfl.SymbolicTensor;
  const d1 = tfl.layers.dense({ name: 'd1', units: 8, activation: 'relu' }).apply(flat) as tfl.SymbolicTensor;
  const d2 = tfl.layers.dense({ name: 'd2', units: 8, activation: 'relu' }).apply(d1) as tfl.SymbolicTensor;
  const sum = tfl.layers.add({ name: 'skip' }).apply([d1, d2]) as tfl.SymbolicTensor;
  const out = tfl.layers.dense({ name: 'out', units: 3 }).apply(sum) as tfl.SymbolicTensor;
  return tfl.model({ name: 'residual', inputs: input, outputs: out });
}

test('a residual model: its stream is one family, left one unit at the floor (by hand); the chain names why it does not cover it', () => {
  const residual = residualNet();
  assert.deepEqual(chainProblem(residual), {
    layer: 'residual', reason: 'the model is not a chain: layer skip is not fed by the layer before it',
  });
  // d1 and d2 both add into the stream: one channel of it left is d1 784x1 + 1, d2 1x1 + 1, out 1x3 + 3.
  const floor = smallestCost(residual);
  assert.deepEqual([floor.macs, floor.params], [784 + 1 + 3, 785 + 2 + 6]);
  assert.deepEqual([floor.denseMacs, floor.denseParams], [784 * 8 + 64 + 24, 784 * 8 + 8 + 72 + 27]);
  assert.doesNotThrow(() => checkTargetFits(residual, { macs: 0.5 }));
  assert.throws(() => checkTargetFits(residual, { macs: 0.1 }), /target macs 0.1 is below the smallest the structure allows, 0.1239/);
  residual.dispose();

  // An NCHW convolution is kept whole (the graph follows channels on the last axis only): nothing can go.
  const nchw = tfl.sequential();
  nchw.add(tfl.layers.conv2d({ name: 'conv', inputShape: [1, 8, 8], filters: 4, kernelSize: 3, dataFormat: 'channelsFirst' }));
  nchw.add(tfl.layers.flatten({ name: 'flatten' }));
  nchw.add(tfl.layers.dense({ name: 'fc', units: 3 }));
  assert.deepEqual(chainProblem(nchw), { layer: 'conv', reason: 'data format channelsFirst is not NHWC; kept as is, with every unit around it' });
  assert.throws(() => checkTargetFits(nchw, { params: 0.9 }), /target params 0.9 is below the smallest the structure allows, 1.000/);
  nchw.dispose();

  const chain = twoConvNet(1);
  assert.equal(chainProblem(chain), undefined);
  chain.dispose();
});

test('a model with input normalisation (a frozen 1x1 depthwise layer first) stays a chain and takes a target', async () => {
  const model = buildModel('lenet5', { seed: 1 });
  const normalized = await withInputNormalization(model, { mean: [0.1], std: [0.3] });
  assert.equal(chainProblem(normalized), undefined);
  // A normalisation a user could train is a kernel outside the stages: the chain does not cover it.
  const trainable = await withInputNormalization(model, { mean: [0.1], std: [0.3] });
  trainable.getLayer('input_normalization').trainable = true;
  assert.match(chainProblem(trainable)?.layer ?? '', /input_normalization/);
  trainable.dispose();
  // The floor: the normalisation (2 weights, on the input's one channel) and lenet5 at one unit a layer.
  assert.equal(smallestCost(normalized).params, smallestCost(model).params + 2);
  assert.doesNotThrow(() => checkTargetFits(normalized, { macs: 0.1 }));
  model.dispose();
  normalized.dispose();
});
