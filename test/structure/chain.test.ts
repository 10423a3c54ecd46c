// Chain analysis: which layers are stages, what links them, and which models are not chains.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tfl from '@tensorflow/tfjs-layers';
import { analyseChain } from '../../src/structure/chain.js';
import { symbolic } from './fixtures.js';

describe('analyseChain', () => {
  it('splits the CGES MNIST network into four linked stages', () => {
    const model = tfl.sequential();
    model.add(tfl.layers.conv2d({
      name: 'conv1', inputShape: [28, 28, 1], filters: 4, kernelSize: 5, padding: 'same', activation: 'relu',
    }));
    model.add(tfl.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }));
    model.add(tfl.layers.conv2d({ name: 'conv2', filters: 4, kernelSize: 5, padding: 'same', activation: 'relu' }));
    model.add(tfl.layers.maxPooling2d({ name: 'pool2', poolSize: 2 }));
    model.add(tfl.layers.flatten({ name: 'flatten' }));
    model.add(tfl.layers.dense({ name: 'fc1', units: 8, activation: 'relu' }));
    model.add(tfl.layers.dropout({ name: 'dropout', rate: 0.5 }));
    model.add(tfl.layers.dense({ name: 'fc2', units: 10 }));
    const chain = analyseChain(model);
    assert.deepEqual(chain.stages.map((s) => s.layer.name), ['conv1', 'conv2', 'fc1', 'fc2']);
    const links = chain.links.map((link) => link?.map((layer) => layer.name));
    assert.deepEqual(links, [['pool1'], ['pool2', 'flatten'], ['dropout']]);
    assert.deepEqual(chain.notes, []);
    model.dispose();
  });

  it('unlinks the stages around a layer it does not understand, and notes it', () => {
    const model = tfl.sequential();
    model.add(tfl.layers.dense({ name: 'fc1', inputShape: [4], units: 3 }));
    model.add(tfl.layers.activation({ name: 'soft', activation: 'softmax' }));
    model.add(tfl.layers.dense({ name: 'fc2', units: 2 }));
    const chain = analyseChain(model);
    assert.deepEqual(chain.links, [undefined]);
    assert.equal(chain.notes[0].layer, 'soft');
    model.dispose();
  });

  it('finds no stages in a model that reuses a layer', () => {
    const input = tfl.input({ shape: [3] });
    const shared = tfl.layers.dense({ units: 3 });
    const output = symbolic(shared.apply(shared.apply(input)));
    const model = tfl.model({ inputs: input, outputs: output });
    const chain = analyseChain(model);
    assert.equal(chain.stages.length, 0);
    assert.match(chain.notes[0].reason, /used more than once/);
    model.dispose();
  });
});
