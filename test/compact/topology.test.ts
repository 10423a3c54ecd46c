// Rebuilding from the topology: resized layers get the new size and bias setting, every other layer and
// every name stays, for Sequential and functional models.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tfl from '@tensorflow/tfjs-layers';
import { rebuildResized } from '../../src/compact/topology.js';
import { symbolic } from '../structure/fixtures.js';

describe('rebuildResized', () => {
  it('resizes a Sequential model and turns a bias on', async () => {
    const model = tfl.sequential();
    model.add(tfl.layers.conv2d({ name: 'conv', inputShape: [6, 6, 1], filters: 5, kernelSize: 3 }));
    model.add(tfl.layers.flatten({ name: 'flatten' }));
    model.add(tfl.layers.dense({ name: 'fc', units: 4, useBias: false }));
    const rebuilt = await rebuildResized(model, new Map([
      ['conv', { sizeKey: 'filters', size: 2, useBias: true }],
      ['fc', { sizeKey: 'units', size: 4, useBias: true }],
    ]));
    assert.deepEqual(rebuilt.layers.map((l) => l.name), model.layers.map((l) => l.name));
    assert.deepEqual(rebuilt.getLayer('conv').getWeights()[0].shape, [3, 3, 1, 2]);
    assert.deepEqual(rebuilt.getLayer('fc').getWeights().map((w) => w.shape), [[4 * 4 * 2, 4], [4]]);
    rebuilt.dispose();
    model.dispose();
  });

  it('resizes a functional model', async () => {
    const input = tfl.input({ shape: [3] });
    const hidden = tfl.layers.dense({ name: 'hidden', units: 6 }).apply(input);
    const output = symbolic(tfl.layers.dense({ name: 'out', units: 2 }).apply(hidden));
    const model = tfl.model({ inputs: input, outputs: output });
    const rebuilt = await rebuildResized(model, new Map([['hidden', { sizeKey: 'units', size: 1, useBias: true }]]));
    assert.deepEqual(rebuilt.getLayer('out').getWeights()[0].shape, [1, 2]);
    rebuilt.dispose();
    model.dispose();
  });
});
