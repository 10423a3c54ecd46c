// layerCoefficients against the original code's hand-written schedule and its MNIST scales.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CgesError } from '../../src/util/errors.js';
import { defaultChvar, layerCoefficients, SEED_MNIST_SCALES } from '../../src/prox/index.js';
import { assertClose } from './reference.js';

test('four layers, mu 0.8: the original group [0.8, 0.6, 0.4, 0.2] and exclusive [0.2, 0.4, 0.6, 0.8]', () => {
  assert.ok(Math.abs(defaultChvar(0.8, 4) - 0.2) < 1e-15);
  for (const chvar of [undefined, 0.2]) {
    const coefficients = layerCoefficients({ numLayers: 4, mu: 0.8, chvar });
    assertClose(coefficients.map((c) => c.group), [0.8, 0.6, 0.4, 0.2], 1e-12, 'group');
    assertClose(coefficients.map((c) => c.exclusive), [0.2, 0.4, 0.6, 0.8], 1e-12, 'exclusive');
  }
});

test('the seed MNIST scales multiply the schedule layer by layer', () => {
  const coefficients = layerCoefficients({ numLayers: 4, mu: 0.8, ...SEED_MNIST_SCALES });
  assertClose(coefficients.map((c) => c.group), [0.8, 0.6, 0.4 / 15, 0.2 / 144], 1e-12, 'group');
  assertClose(coefficients.map((c) => c.exclusive), [0.2, 0.2, 9, 115.2], 1e-12, 'exclusive');
});

test('other depths: the group weight runs from mu to 1 - mu; one layer gets mu and 1 - mu', () => {
  const three = layerCoefficients({ numLayers: 3, mu: 0.7 });
  assertClose(three.map((c) => c.group), [0.7, 0.5, 0.3], 1e-12, 'group');
  assertClose(three.map((c) => c.exclusive), [0.3, 0.5, 0.7], 1e-12, 'exclusive');
  const [single] = layerCoefficients({ numLayers: 1, mu: 0.8 });
  assertClose([single.group, single.exclusive], [0.8, 0.2], 1e-12, 'one layer');
  const flat = layerCoefficients({ numLayers: 5, mu: 0.5 });
  assert.ok(flat.every((c) => c.group === 0.5 && c.exclusive === 0.5));
});

test('layerCoefficients rejects bad options with CgesError naming the option', () => {
  assert.throws(() => layerCoefficients({ numLayers: 4, mu: 1.2 }), CgesError);
  assert.throws(() => layerCoefficients({ numLayers: 4, mu: Number.NaN }), /mu/);
  assert.throws(() => layerCoefficients({ numLayers: 0, mu: 0.5 }), /numLayers/);
  assert.throws(() => layerCoefficients({ numLayers: 4, mu: 0.8, gscale: [1, 1, 1] }), /gscale/);
  assert.throws(() => layerCoefficients({ numLayers: 2, mu: 0.8, escale: [1, -1] }), /escale\[1\]/);
  assert.throws(() => layerCoefficients({ numLayers: 4, mu: 0.8, chvar: 0.3 }), /chvar/);
  assert.throws(() => layerCoefficients({ numLayers: 4, mu: 0.8, chvar: Number.POSITIVE_INFINITY }), /chvar/);
});
