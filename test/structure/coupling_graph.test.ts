// The coupling graph against sets of channels worked out by hand for each kind of join: a channel is named
// "<layer that made the tensor>:<channel>", and a set is the sorted list of its names.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tfl from '@tensorflow/tfjs-layers';
import { couplingGraph, type CouplingGraph } from '../../src/structure/coupling_graph.js';
import './fixtures.js';

type Sym = tfl.SymbolicTensor;
const apply = (layer: tfl.layers.Layer, input: Sym | Sym[]): Sym => layer.apply(input) as Sym;

/** Every set as the sorted names of its channels; pinned sets are marked with their pin's layer. */
function namedSets(graph: CouplingGraph): { free: string[][]; pinned: Map<string, string[][]> } {
  const maker = new Map<string, string>();
  graph.graph.inputs.forEach((t) => maker.set(t.key, 'input'));
  for (const { op } of graph.ops) op.outputs.forEach((t) => maker.set(t.key, op.layer.name));
  const free: string[][] = [];
  const pinned = new Map<string, string[][]>();
  for (const set of graph.sets) {
    const names = set.channels.map(({ tensor, channel }) => `${maker.get(tensor.key)}:${channel}`).sort();
    if (set.pin === undefined) free.push(names);
    else pinned.set(set.pin.layer, [...(pinned.get(set.pin.layer) ?? []), names]);
  }
  return { free, pinned };
}

/** The free set holding `name`, which must exist. */
function setHolding(graph: CouplingGraph, name: string): string[] {
  const found = namedSets(graph).free.find((set) => set.includes(name));
  assert.ok(found !== undefined, `no free set holds ${name}`);
  return found;
}

describe('couplingGraph', () => {
  it('a chain: each conv filter with its pooled and flattened channel; inputs and logits stay', () => {
    const model = tfl.sequential({
      layers: [
        tfl.layers.conv2d({ name: 'conv', inputShape: [4, 4, 1], filters: 3, kernelSize: 3, padding: 'same' }),
        tfl.layers.maxPooling2d({ name: 'pool', poolSize: 2 }),
        tfl.layers.flatten({ name: 'flat' }),
        tfl.layers.dense({ name: 'fc', units: 5, activation: 'relu' }),
        tfl.layers.dense({ name: 'logits', units: 2 }),
      ],
    });
    const graph = couplingGraph(model);
    const { free, pinned } = namedSets(graph);
    assert.deepEqual(free.slice(0, 3), [0, 1, 2].map((c) => [`conv:${c}`, `flat:${c}`, `pool:${c}`]));
    assert.deepEqual(free.slice(3), [0, 1, 2, 3, 4].map((c) => [`fc:${c}`]));
    assert.deepEqual(pinned.get('output'), [['logits:0'], ['logits:1']]);
    assert.deepEqual(pinned.get('input'), [['input:0']]);
    // Flatten of [2, 2, 3]: feature (h*2 + w)*3 + c is channel c.
    const flat = graph.ops.find(({ op }) => op.layer.name === 'flat');
    assert.deepEqual(Array.from(graph.layouts.get(flat?.op.outputs[0].key ?? '')?.featureChannel ?? []),
      [0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]);
    assert.deepEqual(graph.notes, []);
  });

  it('conv, BatchNorm and ReLU are one channel; two residual blocks share one stream', () => {
    const x = tfl.input({ shape: [6, 6, 2] });
    const stem = apply(tfl.layers.conv2d({ name: 'stem', filters: 4, kernelSize: 3, padding: 'same' }), x);
    const bn = apply(tfl.layers.batchNormalization({ name: 'bn' }), stem);
    const relu = apply(tfl.layers.reLU({ name: 'relu', maxValue: 6 }), bn);
    const branch1 = apply(tfl.layers.conv2d({ name: 'b1', filters: 4, kernelSize: 3, padding: 'same' }), relu);
    const add1 = apply(tfl.layers.add({ name: 'add1' }), [relu, branch1]);
    const branch2 = apply(tfl.layers.conv2d({ name: 'b2', filters: 4, kernelSize: 1 }), add1);
    const add2 = apply(tfl.layers.add({ name: 'add2' }), [add1, branch2]);
    const pooled = apply(tfl.layers.globalAveragePooling2d({ name: 'gap' }), add2);
    const out = apply(tfl.layers.dense({ name: 'head', units: 3 }), pooled);
    const graph = couplingGraph(tfl.model({ inputs: x, outputs: out }));
    for (let c = 0; c < 4; c++) {
      const expected = ['add1', 'add2', 'b1', 'b2', 'bn', 'gap', 'relu', 'stem'].map((name) => `${name}:${c}`);
      assert.deepEqual(setHolding(graph, `stem:${c}`), expected);
    }
    assert.equal(namedSets(graph).free.length, 4);
  });

  it('a concatenation numbers its inputs\' channels on', () => {
    const x = tfl.input({ shape: [5, 5, 3] });
    const left = apply(tfl.layers.conv2d({ name: 'left', filters: 2, kernelSize: 1 }), x);
    const right = apply(tfl.layers.conv2d({ name: 'right', filters: 3, kernelSize: 3, padding: 'same' }), x);
    const joined = apply(tfl.layers.concatenate({ name: 'cat' }), [left, right]);
    const out = apply(tfl.layers.conv2d({ name: 'out', filters: 2, kernelSize: 1 }), joined);
    const graph = couplingGraph(tfl.model({ inputs: x, outputs: out }));
    assert.deepEqual(setHolding(graph, 'left:1'), ['cat:1', 'left:1']);
    assert.deepEqual(setHolding(graph, 'right:0'), ['cat:2', 'right:0']);
    assert.deepEqual(setHolding(graph, 'right:2'), ['cat:4', 'right:2']);
    assert.equal(namedSets(graph).free.length, 5);
  });

  it('a depthwise convolution keeps channel c as its outputs c*m to c*m + m - 1', () => {
    const x = tfl.input({ shape: [5, 5, 1] });
    const expand = apply(tfl.layers.conv2d({ name: 'expand', filters: 3, kernelSize: 1 }), x);
    const dw = apply(tfl.layers.depthwiseConv2d({ name: 'dw', kernelSize: 3, depthMultiplier: 2, padding: 'same' }), expand);
    const project = apply(tfl.layers.conv2d({ name: 'project', filters: 2, kernelSize: 1 }), dw);
    const graph = couplingGraph(tfl.model({ inputs: x, outputs: project }));
    assert.deepEqual(setHolding(graph, 'expand:1'), ['dw:2', 'dw:3', 'expand:1']);
    assert.equal(namedSets(graph).free.length, 3);
  });

  it('a nested Sequential is inlined; applied twice, its layers are met twice', () => {
    const block = tfl.sequential({
      name: 'block',
      layers: [
        tfl.layers.conv2d({ name: 'inner', inputShape: [4, 4, 2], filters: 2, kernelSize: 3, padding: 'same' }),
        tfl.layers.batchNormalization({ name: 'inner_bn' }),
      ],
    });
    const x = tfl.input({ shape: [4, 4, 3] });
    const stem = apply(tfl.layers.conv2d({ name: 'stem', filters: 2, kernelSize: 1 }), x);
    const once = apply(tfl.layers.add({ name: 'add1' }), [stem, apply(block, stem)]);
    const twice = apply(tfl.layers.add({ name: 'add2' }), [once, apply(block, once)]);
    const out = apply(tfl.layers.flatten({ name: 'flat' }), twice);
    const graph = couplingGraph(tfl.model({ inputs: x, outputs: apply(tfl.layers.dense({ name: 'fc', units: 2 }), out) }));
    assert.equal(graph.ops.filter(({ op }) => op.layer.name === 'inner').length, 2);
    const names = setHolding(graph, 'stem:1');
    assert.deepEqual(names, ['add1:1', 'add2:1', 'flat:1', 'inner:1', 'inner:1', 'inner_bn:1', 'inner_bn:1', 'stem:1']);
  });

  it('a shared layer reads channel c through the same rows and makes it with the same filter in every call', () => {
    const x = tfl.input({ shape: [3, 3, 1] });
    const a = apply(tfl.layers.conv2d({ name: 'a', filters: 2, kernelSize: 1 }), x);
    const b = apply(tfl.layers.conv2d({ name: 'b', filters: 2, kernelSize: 1 }), x);
    const shared = tfl.layers.conv2d({ name: 'shared', filters: 3, kernelSize: 1 });
    const joined = apply(tfl.layers.concatenate({ name: 'cat' }), [apply(shared, a), apply(shared, b)]);
    const graph = couplingGraph(tfl.model({ inputs: x, outputs: apply(tfl.layers.conv2d({ name: 'out', filters: 1, kernelSize: 1 }), joined) }));
    assert.deepEqual(setHolding(graph, 'a:1'), ['a:1', 'b:1']);
    assert.deepEqual(setHolding(graph, 'cat:2'), ['cat:2', 'cat:5', 'shared:2', 'shared:2']);
    assert.equal(namedSets(graph).free.length, 5);
  });

  it('a layer it cannot follow pins its channels, and the note names it, why, and what stays', () => {
    // [4, 4, 6] -> [4, 8, 3]: the new last axis holds channels c and c + 3 in turn, so it mixes them.
    const x = tfl.input({ shape: [4, 4, 2] });
    const conv = apply(tfl.layers.conv2d({ name: 'conv', filters: 6, kernelSize: 1 }), x);
    const mixed = apply(tfl.layers.reshape({ name: 'mix', targetShape: [4, 8, 3] }), conv);
    const kept = apply(tfl.layers.conv2d({ name: 'after', filters: 4, kernelSize: 1, activation: 'softmax' }), mixed);
    const out = apply(tfl.layers.dense({ name: 'fc', units: 2 }), apply(tfl.layers.flatten({ name: 'flat' }), kept));
    const graph = couplingGraph(tfl.model({ inputs: x, outputs: out }));
    assert.deepEqual(graph.notes, [
      { layer: 'mix', reason: 'its last axis mixes channels (feature 0 holds channels 0 and 3)', keeps: ['conv (6)'] },
      { layer: 'after', reason: 'activation softmax mixes channels', keeps: ['after (4)'] },
    ]);
    assert.deepEqual(namedSets(graph).free, []);
  });

  it('a reshape that keeps each feature on one channel is followed', () => {
    // [2, 2, 3] -> [4, 3] -> [12]: every row of the new last axis is channel f.
    const x = tfl.input({ shape: [2, 2, 1] });
    const conv = apply(tfl.layers.conv2d({ name: 'conv', filters: 3, kernelSize: 1 }), x);
    const rows = apply(tfl.layers.reshape({ name: 'rows', targetShape: [4, 3] }), conv);
    const flat = apply(tfl.layers.reshape({ name: 'flat', targetShape: [12] }), rows);
    const graph = couplingGraph(tfl.model({ inputs: x, outputs: apply(tfl.layers.dense({ name: 'fc', units: 2 }), flat) }));
    assert.deepEqual(setHolding(graph, 'conv:2'), ['conv:2', 'flat:2', 'rows:2']);
    assert.deepEqual(graph.notes, []);
  });
});
