// The cost target on models the chain does not cover, through the coupling graph: the unit-group prox
// shrinks a residual channel in every producer and consumer at once (against norms computed here from
// the weights), a run on a residual conv-BatchNorm net reaches its target with masks and compacts to a
// model with the same logits, and a frozen layer keeps its weights bit for bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { compactModel } from '../../src/compact/compact_model.js';
import { compactedCost } from '../../src/structure/compacted_cost.js';
import { couplingGraph } from '../../src/structure/coupling_graph.js';
import { decideChannels } from '../../src/structure/dead_channels.js';
import { graphUnits, type UnitSlice } from '../../src/structure/graph_units.js';
import { unitFamilies, type GraphFamily } from '../../src/structure/unit_families.js';
import { makeRegularizer } from '../../src/train/regularizers/index.js';
import { train, type TrainOptions } from '../../src/train/trainer.js';
import { familyProx } from '../../src/train/unit_weights.js';
import { mixedNet, randomizeWeights } from '../structure/fixtures.js';
import { unitGroupRun } from './fixtures.js';

/** stem conv 4x4/4 -> BN -> relu, a residual block (conv-BN-relu-conv-BN) added to it, GAP, dense. */
function residualConvNet(seed: number, frozenStem = false): tfl.LayersModel {
  const init = (k: number) => tfl.initializers.glorotUniform({ seed: seed * 10 + k });
  const x = tfl.input({ shape: [28, 28, 1] });
  const conv = (name: string, k: number, strides = 1) => tfl.layers.conv2d({
    name, filters: 8, kernelSize: strides === 1 ? 3 : strides, strides, padding: 'same', useBias: false, kernelInitializer: init(k),
  });
  const apply = (layer: tfl.layers.Layer, input: tfl.SymbolicTensor | tfl.SymbolicTensor[]) => layer.apply(input) as tfl.SymbolicTensor;
  const stemLayer = conv('stem', 0, 4);
  stemLayer.trainable = !frozenStem;
  const stem = apply(tfl.layers.reLU({ name: 'stem_relu' }), apply(tfl.layers.batchNormalization({ name: 'stem_bn' }), apply(stemLayer, x)));
  const a = apply(tfl.layers.reLU({ name: 'a_relu' }), apply(tfl.layers.batchNormalization({ name: 'a_bn' }), apply(conv('a', 1), stem)));
  const b = apply(tfl.layers.batchNormalization({ name: 'b_bn' }), apply(conv('b', 2), a));
  const sum = apply(tfl.layers.reLU({ name: 'sum_relu' }), apply(tfl.layers.add({ name: 'add' }), [stem, b]));
  const pooled = apply(tfl.layers.globalAveragePooling2d({ name: 'gap' }), sum);
  const out = apply(tfl.layers.dense({ name: 'out', units: 3, kernelInitializer: init(3) }), pooled);
  return tfl.model({ name: 'residual', inputs: x, outputs: out });
}

const options = (extra: Partial<TrainOptions>): TrainOptions =>
  unitGroupRun(extra.model ?? residualConvNet(1), { iterations: 60, testEvery: 20, ...extra });

/** A unit's weights: per variable, its values and the flat indices the unit holds (each once). */
function unitEntries(slices: UnitSlice[]): { name: string; values: Float32Array; indices: number[] }[] {
  const variables = [...new Set(slices.map((slice) => slice.variable))];
  return variables.map((variable) => {
    const values = variable.read().dataSync<'float32'>().slice();
    const shape = variable.shape.map((d) => d ?? 0);
    const held = (flat: number) => slices.some((slice) => {
      const inner = shape.slice(slice.axis + 1).reduce((p, d) => p * d, 1);
      return slice.variable === variable && slice.indices.includes(Math.floor(flat / inner) % shape[slice.axis]);
    });
    const indices = Array.from(values.keys()).filter(held);
    return { name: variable.originalName, values, indices };
  });
}

test('the unit-group prox scales a residual channel in every producer and consumer at once, and zeroes the weakest', () => {
  const model = mixedNet(4, 5);
  randomizeWeights(model, 11);
  const graph = couplingGraph(model);
  const stream = unitFamilies(model).find((f): f is GraphFamily => f.kind === 'graph' && f.key === 'stem+b1');
  assert.ok(stream !== undefined, unitFamilies(model).map((f) => f.key).join(', '));
  const units = graphUnits(graph).filter((unit) => stream.sets.includes(unit.set));
  // Each unit's group norm, from the weights' own values at the slices it runs through.
  const before = units.map((unit) => unitEntries(unit.slices));
  const norms = before.map((entries) => Math.sqrt(entries.reduce((sum, { values, indices }) =>
    sum + indices.reduce((s, i) => s + values[i] * values[i], 0), 0)));
  const weakest = norms.indexOf(Math.min(...norms));
  const threshold = (norms[weakest] + Math.min(...norms.filter((_, u) => u !== weakest))) / 2;
  familyProx(stream, threshold);
  // A convolution inside the stream reads and makes its channels: its weight from channel u to channel v
  // is in both units' groups, and takes both scales.
  const scales = norms.map((norm) => Math.max(0, 1 - threshold / norm));
  const scaleOf = (name: string, i: number) => before.reduce((product, entries, w) =>
    (entries.some((entry) => entry.name === name && entry.indices.includes(i)) ? product * scales[w] : product), 1);
  units.forEach((unit, u) => {
    const after = unitEntries(unit.slices);
    before[u].forEach(({ name, values, indices }, v) => {
      assert.ok(indices.length > 0);
      for (const i of indices) {
        const expected = Math.fround(values[i] * scaleOf(name, i));
        assert.ok(Math.abs(after[v].values[i] - expected) <= 1e-6 * Math.abs(expected),
          `unit ${u} ${name}[${i}]: ${after[v].values[i]} vs ${expected}`);
      }
    });
  });
  // The weakest channel is zero everywhere it runs, so compaction removes it: nobody reads it any more.
  const { removed } = decideChannels(graph);
  assert.equal(removed.get(units[weakest].set), 'unread');
  model.dispose();
});

test('a cost-target run on a residual conv-BatchNorm net reaches its target with masks and compacts with equal logits', async () => {
  const target = { macs: 0.5 };
  const { state, control } = await train(options({ structure: { target, finetune: 15 } }));
  const { model } = state;
  assert.ok(control !== undefined);
  assert.ok(control.reachedAtStep !== null, 'the target was reached');
  const cost = compactedCost(model);
  assert.ok(cost.macsFraction <= target.macs, `compacted MACs ${cost.macsFraction}`);
  assert.ok(Object.values(control.masks).some((units) => units.length > 0), 'units are masked');
  const compaction = await compactModel(model);
  assert.ok(compaction.check.maxAbsDiff <= 1e-4 * Math.max(1, compaction.check.scale));
  const compactedMacs = compaction.stages.reduce((sum, stage) => sum + stage.unitsAfter, 0);
  assert.ok(compactedMacs < compaction.stages.reduce((sum, stage) => sum + stage.unitsBefore, 0), 'channels were removed');
  compaction.model.dispose();
  model.dispose();
});

test('under CGES a frozen layer keeps its weights bit for bit, with unit groups and with the original groupings', async () => {
  for (const grouping of ['unit', 'input'] as const) {
    const model = residualConvNet(2, true);
    const stem = model.getLayer('stem');
    const before = stem.getWeights().map((w) => w.dataSync().slice());
    const regularizer = makeRegularizer('cges', { lambda: 1e-2, mu: 0.8, grouping, exclusiveForm: 'original' });
    await train(options({ model, regularizer, grouping, iterations: 20 }));
    stem.getWeights().forEach((w, i) => assert.deepEqual(w.dataSync(), before[i], `${grouping}: stem weight ${i}`));
    // The trainable layers did move.
    assert.ok(model.getLayer('a').getWeights()[0].dataSync().some((v, i) => v !== residualConvNet(2, true).getLayer('a').getWeights()[0].dataSync()[i]));
    model.dispose();
  }
  tf.disposeVariables();
});
