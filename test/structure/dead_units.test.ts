// The dead-unit decision on a three-layer dense chain, with removals and folds that cascade: the
// expected kept units and folded biases are worked out by hand from the chosen zero patterns.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tfl from '@tensorflow/tfjs-layers';
import { analyseChain } from '../../src/structure/chain.js';
import { decideUnits } from '../../src/structure/dead_units.js';
import { readStageWeights } from '../../src/structure/stage_weights.js';
import { editLayer, layerWeights, randomizeWeights, zeroChannel, zeroColumn } from './fixtures.js';

function threeLayers(): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ name: 'fc1', inputShape: [3], units: 4, activation: 'relu' }));
  model.add(tfl.layers.dense({ name: 'fc2', units: 3, activation: 'relu' }));
  model.add(tfl.layers.dense({ name: 'fc3', units: 2 }));
  randomizeWeights(model);
  return model;
}

describe('decideUnits', () => {
  it('cascades removals: a unit whose only outgoing weight feeds a removed unit goes too', () => {
    const model = threeLayers();
    editLayer(model, 'fc3', (kernel) => zeroChannel(kernel, 2, 3, 1)); // fc2 unit 1 feeds nothing
    editLayer(model, 'fc2', (kernel) => {
      zeroChannel(kernel, 3, 4, 2);
      kernel[2 * 3 + 1] = 0.7; // fc1 unit 2 feeds only fc2 unit 1
    });
    const chain = analyseChain(model);
    const decisions = decideUnits(chain, readStageWeights(chain));
    assert.deepEqual(decisions.map((d) => d.keepOut), [[0, 1, 3], [0, 2], [0, 1]]);
    assert.deepEqual(decisions.map((d) => d.keepIn), [[0, 1, 2], [0, 1, 3], [0, 2]]);
    assert.deepEqual(decisions.map((d) => d.removedNoOutgoing), [1, 1, 0]);
    model.dispose();
  });

  it('cascades folds: folding a constant can leave a later unit constant, which is folded in turn', () => {
    const model = threeLayers();
    editLayer(model, 'fc1', (kernel, bias) => {
      zeroColumn(kernel, 4, 0);
      bias![0] = 0.5; // fc1 unit 0 outputs relu(0.5) = 0.5
    });
    // fc2 unit 2 hears only fc1 unit 0, so after the fold it is the constant relu(b2[2] + 0.5 * w).
    editLayer(model, 'fc2', (kernel, bias) => {
      zeroColumn(kernel, 3, 2);
      kernel[0 * 3 + 2] = 0.8;
      bias![2] = 0.1;
    });
    const before2 = layerWeights(model, 'fc2');
    const before3 = layerWeights(model, 'fc3');
    const chain = analyseChain(model);
    const decisions = decideUnits(chain, readStageWeights(chain));
    assert.deepEqual(decisions.map((d) => d.keepOut), [[1, 2, 3], [0, 1], [0, 1]]);
    assert.deepEqual(decisions.map((d) => d.removedConstant), [1, 1, 0]);
    const fc2Bias2 = Math.fround(0.1) + 0.5 * Math.fround(0.8);
    for (let v = 0; v < 3; v++) {
      const expected = before2.bias[v] + 0.5 * before2.kernel[v];
      assert.ok(Math.abs(decisions[1].bias[v] - expected) < 1e-9, `fc2 bias ${v}`);
    }
    for (let v = 0; v < 2; v++) {
      const expected = before3.bias[v] + Math.max(fc2Bias2, 0) * before3.kernel[2 * 2 + v];
      assert.ok(Math.abs(decisions[2].bias[v] - expected) < 1e-6, `fc3 bias ${v}`);
    }
    model.dispose();
  });

  it('keeps every unit of the output layer, even one with no incoming weight', () => {
    const model = threeLayers();
    editLayer(model, 'fc3', (kernel) => zeroColumn(kernel, 2, 1));
    const chain = analyseChain(model);
    const decisions = decideUnits(chain, readStageWeights(chain));
    assert.deepEqual(decisions[2].keepOut, [0, 1]);
    model.dispose();
  });
});
