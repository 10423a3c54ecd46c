// Units on the coupling graph: the slices of a residual channel, listed by hand, and what removing one
// saves, against TF.js's parameter count of the model built one channel smaller.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { couplingGraph } from '../../src/structure/coupling_graph.js';
import { graphCost } from '../../src/structure/graph_cost.js';
import { graphUnits } from '../../src/structure/graph_units.js';
import { mixedNet } from './fixtures.js';

it('a residual channel is every filter, BatchNorm entry, depthwise channel and row it runs through', () => {
  const model = mixedNet(4, 5);
  const graph = couplingGraph(model);
  const units = graphUnits(graph);
  assert.equal(units.length, 9);
  const stem = graph.ops.find(({ op }) => op.layer.name === 'stem');
  const residual1 = graph.setOf.get(stem?.op.outputs[0].key ?? '')?.[1];
  const unit = units.find((u) => u.set === residual1);
  assert.ok(unit !== undefined);
  const slices = unit.slices.map((s) => `${s.variable.originalName}[${s.axis}]=${s.indices.join(',')}`);
  assert.deepEqual(slices, [
    'stem/kernel[3]=1',
    'bn/gamma[0]=1', 'bn/beta[0]=1',
    'b1/kernel[2]=1', 'b1/kernel[3]=1',
    'dw/depthwise_kernel[2]=1',
    'sep/depthwise_kernel[2]=2,3', 'sep/pointwise_kernel[2]=4,5,6,7',
    // The concatenation puts the stream after sep's 5 filters.
    'head/kernel[0]=6',
  ]);
  const smaller = mixedNet(3, 5);
  assert.equal(unit.params, model.countParams() - smaller.countParams());
  assert.equal(unit.macs, graphCost(graph).macs - graphCost(couplingGraph(smaller)).macs);
});
