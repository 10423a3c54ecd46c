// startStrength against hand-computed numbers, and against what it promises: at the strength it returns,
// one reweighted prox step shrinks the strongest unit to go in the most pressed layer by START_SHRINK of
// its norm.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { regularizedKernels } from '../../src/models/kernels.js';
import { unitFamilies } from '../../src/structure/unit_families.js';
import { START_SHRINK, startStrength } from '../../src/train/cost_target.js';
import { makeRegularizer } from '../../src/train/regularizers/index.js';
import { UnitGroupRegularizer, type UnitGroupSettings } from '../../src/train/regularizers/unit_group_regularizer.js';
import { handDenseNet } from './fixtures.js';

await tf.setBackend('cpu');

const [ETA, LAMBDA] = [0.1, 1e-3];

/** d1's unit norms sqrt(4 c^2 + 2) = sqrt(2.04), sqrt(6), sqrt(18) (|g| = 6); d2's sqrt(5) each (|g| = 5). */
const handNet = () => handDenseNet([0.1, 1, 2]);

// cges, mu 0.8 over 3 kernels: chvar 0.3, cG = 0.8, 0.5, 0.2.
const CGES: UnitGroupSettings = { name: 'cges', lambda: LAMBDA, mu: 0.8, exclusiveForm: 'original' };

const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= 1e-12 * expected, `${what}: ${actual} vs ${expected}`);

test('the start strength, by hand: START_SHRINK over the largest t / m of the pressed layers', () => {
  const model = handNet();
  const couplings = unitFamilies(model);
  // d1 keeps 1 of 3: m = sqrt(6), the stronger of the two to go; d2 keeps both and is not pressed.
  // t / m = eta lambda 0.8 sqrt(6) / sqrt(6).
  close(startStrength(model, couplings, [1 / 3, 1], CGES, ETA), START_SHRINK / (ETA * LAMBDA * 0.8), 'd1 only');
  // d1 keeps 2: m = sqrt(2.04), t / m = eta lambda 0.8 sqrt(6 / 2.04) = 1.37 eta lambda; d2 keeps 1:
  // m = sqrt(5), t / m = 0.5 eta lambda. d1 decides.
  // (2.04 as float32 kernels hold it: 4 fround(0.1)^2 + 2.)
  const weakest = 4 * Math.fround(0.1) ** 2 + 2;
  close(startStrength(model, couplings, [2 / 3, 0.5], CGES, ETA), START_SHRINK / (ETA * LAMBDA * 0.8 * Math.sqrt(6 / weakest)), 'both');
  // Only d2 pressed.
  close(startStrength(model, couplings, [1, 0.5], CGES, ETA), START_SHRINK / (ETA * LAMBDA * 0.5), 'd2 only');
  // Nothing to press: 1.
  assert.equal(startStrength(model, couplings, [1, 1], CGES, ETA), 1);
  // A learning rate twice as large halves it.
  close(startStrength(model, couplings, [1 / 3, 1], CGES, 2 * ETA), START_SHRINK / (2 * ETA * LAMBDA * 0.8), 'eta');
  model.dispose();
});

test('at the start strength, one reweighted prox step shrinks the strongest unit to go by START_SHRINK of its norm', () => {
  const model = handNet();
  const regularizer = makeRegularizer('group', { lambda: LAMBDA, mu: 0.8, grouping: 'unit', exclusiveForm: 'original' });
  assert.ok(regularizer instanceof UnitGroupRegularizer);
  const couplings = unitFamilies(model);
  // d1 keeps 1: units 0 and 1 go, unit 1 (norm sqrt(6)) is the reference.
  const kept = [1 / 3, 1];
  const strength = startStrength(model, couplings, kept, regularizer.settings, ETA);
  Object.assign(regularizer.control, { strength, keptShares: kept, reweighted: true });
  const norm = (u: number) => {
    const d1 = model.getLayer('d1').getWeights()[0].dataSync();
    const d2 = model.getLayer('d2').getWeights()[0].dataSync();
    let squares = 0;
    for (let i = u; i < d1.length; i += 3) squares += d1[i] ** 2;
    for (let v = 0; v < 2; v++) squares += d2[u * 2 + v] ** 2;
    return Math.sqrt(squares);
  };
  const before = [0, 1, 2].map(norm);
  regularizer.forModel(model).proxStep(regularizedKernels(model), ETA);
  const after = [0, 1, 2].map(norm);
  assert.ok(Math.abs(after[1] / before[1] - (1 - START_SHRINK)) < 1e-6, `${after[1] / before[1]}`);
  // The weaker unit to go is pressed harder (t (m / ||g||)^2), the one to stay not at all.
  assert.ok(after[0] / before[0] < 1 - START_SHRINK);
  assert.equal(after[2], before[2]);
  model.dispose();
});
