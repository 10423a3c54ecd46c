// unitCouplings on conv layers: conv -> conv and conv -> flatten -> dense, against hand-computed sizes,
// MACs and parameters per unit; each unit's group checked against what the model computes (with the
// unit silenced, its rows in the next layer change nothing, and any other row does) and its cost against
// compactedCost once it is gone; the group's norm and what zeroUnits clears are that same group.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { compactedCost } from '../../src/structure/compacted_cost.js';
import { couplingMatrices, unitCouplings } from '../../src/structure/unit_groups.js';
import { unitSquaredNorms } from '../../src/prox/unit_group_prox.js';
import { zeroUnits } from '../../src/train/unit_weights.js';
import { convChain, editLayer, seededValues } from './fixtures.js';

test('couplings of conv -> conv and conv -> flatten -> dense: sizes, MACs and parameters per unit, by hand', () => {
  const model = convChain();
  const rows = unitCouplings(model).map((c) => ({
    producer: c.producer.name, consumer: c.consumer.name, units: c.units, colsOut: c.colsOut,
    groupSize: c.groupSize, macsPerUnit: c.macsPerUnit, paramsPerUnit: c.paramsPerUnit,
  }));
  assert.deepEqual(rows, [
    // Column 3*3*2 = 18 at 6*6 positions; rows: 2*2 positions x 4 columns at 3*3 positions; no bias.
    { producer: 'conv1', consumer: 'conv2', units: 3, colsOut: 4, groupSize: 18 + 16, macsPerUnit: 18 * 36 + 16 * 9, paramsPerUnit: 18 + 16 },
    // Column 2*2*3 = 12 at 3*3 positions; rows: the 9 flattened positions x 5 columns, once; a bias.
    { producer: 'conv2', consumer: 'fc', units: 4, colsOut: 5, groupSize: 12 + 45, macsPerUnit: 12 * 9 + 45, paramsPerUnit: 12 + 1 + 45 },
    { producer: 'fc', consumer: 'out', units: 5, colsOut: 2, groupSize: 36 + 2, macsPerUnit: 36 + 2, paramsPerUnit: 36 + 1 + 2 },
  ]);
  model.dispose();
});

/** model's outputs on a fixed batch. */
function outputs(model: tfl.LayersModel): Float32Array {
  return tf.tidy(() => (model.predict(tf.tensor4d(seededValues(3 * 128, 5), [3, 8, 8, 2])) as tf.Tensor).dataSync<'float32'>());
}

test('a unit\'s rows in the next layer are exactly the weights that read it: silenced, they change nothing, others do', () => {
  for (const k of [0, 1, 2]) {
    for (const u of [0, 2]) {
      const model = convChain();
      const coupling = unitCouplings(model)[k];
      const { units, colsOut } = coupling;
      const { wOut } = couplingMatrices(coupling);
      // Silence unit u: its column (and bias) zero, so it outputs 0 everywhere.
      editLayer(model, coupling.producer.name, (kernel, bias) => {
        for (let i = u; i < kernel.length; i += units) kernel[i] = 0;
        if (bias !== undefined) bias[u] = 0;
      });
      const silenced = outputs(model);
      const rowsOfU = Array.from({ length: wOut.length / colsOut / units }, (_, p) => p * units + u);
      editLayer(model, coupling.consumer.name, (kernel) => {
        for (const row of rowsOfU) for (let v = 0; v < colsOut; v++) kernel[row * colsOut + v] += 10 * (v + 1);
      });
      assert.deepEqual(outputs(model), silenced, `coupling ${k} unit ${u}: its rows changed the output`);
      // The row next to the first of u's belongs to another unit, which is live.
      const other = rowsOfU[0] + 1;
      editLayer(model, coupling.consumer.name, (kernel) => {
        for (let v = 0; v < colsOut; v++) kernel[other * colsOut + v] += 10;
      });
      assert.notDeepEqual(outputs(model), silenced, `coupling ${k}: row ${other} is not unit ${u + 1}'s`);
      model.dispose();

      // The library's view of the same group: its norm, and what zeroUnits clears, are column u and these rows.
      const fresh = convChain();
      const freshCoupling = unitCouplings(fresh)[k];
      const matrices = couplingMatrices(freshCoupling);
      let squares = 0;
      for (let i = u; i < matrices.wIn.length; i += units) squares += matrices.wIn[i] ** 2;
      for (const row of rowsOfU) for (let v = 0; v < colsOut; v++) squares += matrices.wOut[row * colsOut + v] ** 2;
      assert.ok(Math.abs(unitSquaredNorms(matrices)[u] - squares) <= 1e-12 * squares, `coupling ${k} unit ${u}: norm`);
      zeroUnits(freshCoupling, [u]);
      const after = couplingMatrices(freshCoupling);
      after.wIn.forEach((x, i) => assert.equal(x, i % units === u ? 0 : matrices.wIn[i], `coupling ${k} unit ${u}: column entry ${i}`));
      after.wOut.forEach((x, i) => {
        const inGroup = rowsOfU.includes(Math.floor(i / colsOut));
        assert.equal(x, inGroup ? 0 : matrices.wOut[i], `coupling ${k} unit ${u}: next layer's entry ${i}`);
      });
      fresh.dispose();
    }
  }
});

test('removing one unit saves what its coupling says, as compactedCost counts it', () => {
  const model = convChain();
  const dense = compactedCost(model);
  assert.equal(dense.macs, 18 * 3 * 36 + 12 * 4 * 9 + 36 * 5 + 5 * 2);
  unitCouplings(model).forEach((coupling, k) => {
    const fresh = convChain();
    const { units } = coupling;
    // Zero the whole group of unit 1: column, bias and rows.
    editLayer(fresh, coupling.producer.name, (kernel, bias) => {
      for (let i = 1; i < kernel.length; i += units) kernel[i] = 0;
      if (bias !== undefined) bias[1] = 0;
    });
    editLayer(fresh, coupling.consumer.name, (kernel) => {
      for (let row = 1; row * coupling.colsOut < kernel.length; row += units) kernel.fill(0, row * coupling.colsOut, (row + 1) * coupling.colsOut);
    });
    const cost = compactedCost(fresh);
    assert.equal(dense.macs - cost.macs, coupling.macsPerUnit, `coupling ${k} MACs`);
    assert.equal(dense.params - cost.params, coupling.paramsPerUnit, `coupling ${k} parameters`);
    fresh.dispose();
  });
  model.dispose();
});
