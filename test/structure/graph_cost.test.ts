// The cost of removing channel sets, against TF.js's own parameter count of the smaller model built by
// hand, and MACs worked out by hand.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import * as tfl from '@tensorflow/tfjs-layers';
import { couplingGraph } from '../../src/structure/coupling_graph.js';
import { graphCost } from '../../src/structure/graph_cost.js';
import { buildModel, MODEL_NAMES } from '../../src/models/registry.js';
import { countMacs, countParams } from '../../src/models/macs.js';
import { mixedNet } from './fixtures.js';

type Sym = tfl.SymbolicTensor;
const apply = (layer: tfl.layers.Layer, input: Sym | Sym[]): Sym => layer.apply(input) as Sym;

it('removing a residual channel and a separable filter costs what the smaller model costs', () => {
  const model = mixedNet(4, 5);
  const graph = couplingGraph(model);
  assert.equal(graph.sets.filter((set) => set.pin === undefined).length, 9);
  assert.equal(graphCost(graph).params, model.countParams());
  const setOf = (layer: string, channel: number) => {
    const op = graph.ops.find((coupled) => coupled.op.layer.name === layer);
    return graph.setOf.get(op?.op.outputs[0].key ?? '')?.[channel] ?? -1;
  };
  const removed = new Set([setOf('stem', 1), setOf('sep', 0)]);
  const cost = graphCost(graph, removed);
  assert.equal(cost.params, mixedNet(3, 4).countParams());
  // Per position of 36: stem 3*3*2*3, b1 3*3*3*3, dw 3*3*3*2, sep's depthwise 3*3*6*2 on dw's 6
  // channels and its pointwise 12*4; then the head 7*3 once.
  assert.equal(cost.macs, 36 * (54 + 81 + 54 + 108 + 48) + 21);
  assert.deepEqual(cost.layers.map((l) => l.layer), ['stem', 'bn', 'b1', 'dw', 'sep', 'head']);
});

it('a shared layer counts its parameters once and its MACs at every call', () => {
  const x = tfl.input({ shape: [4] });
  const shared = tfl.layers.dense({ name: 'shared', units: 4 });
  const twice = apply(shared, apply(shared, x));
  const graph = couplingGraph(tfl.model({ inputs: x, outputs: apply(tfl.layers.dense({ name: 'out', units: 2 }), twice) }));
  const cost = graphCost(graph);
  assert.deepEqual(cost.layers, [{ layer: 'shared', macs: 32, params: 20 }, { layer: 'out', macs: 8, params: 10 }]);
});

it('on the built-in chains it counts what countMacs and countParams count', () => {
  for (const name of MODEL_NAMES) {
    const model = buildModel(name, { seed: 1 });
    const cost = graphCost(couplingGraph(model));
    assert.deepEqual([cost.macs, cost.params], [countMacs(model).total, countParams(model).total], name);
    model.dispose();
  }
});
