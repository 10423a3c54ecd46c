// The order an image's pixels go in under a target with the input cropped, against boxes drawn by hand:
// the weakest border line per pixel cut, the box `keep` live pixels leave, and the prox pressing the
// live pixels outside that box (not the weakest pixels anywhere).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { unitFamilies } from '../../src/structure/unit_families.js';
import { inBox, keptBox, weakestSide } from '../../src/train/crop_lines.js';
import { familyProx, familySquaredNorms } from '../../src/train/unit_weights.js';

/**
 * Pixel norms of a 4x4 image (W = 4), row by row. The centre is strong; the top row is weak but for one
 * pixel; the left column is weak throughout; one weak pixel (0.1) sits inside.
 */
const NORMS = [
  0.2, 0.2, 3, 0.2,
  0.1, 2, 0.1, 2,
  0.1, 2, 2, 2,
  0.1, 1, 1, 1,
];
const IMAGE: [number, number, number] = [4, 4, 1];

test('the weakest side is the border line whose live pixels weigh least per pixel cut', () => {
  const box = { top: 0, bottom: 3, left: 0, right: 3 };
  // Per pixel: top 3.6 / 4 = 0.9, bottom 3.1 / 4, left 0.5 / 4 = 0.125, right 5.2 / 4.
  const side = weakestSide(box, IMAGE, NORMS);
  assert.deepEqual(side?.pixels, [0, 4, 8, 12]);
  assert.deepEqual(side?.live, [0, 4, 8, 12]);
  assert.ok(Math.abs((side?.weight ?? 0) - 0.5) < 1e-12);
  assert.deepEqual(side?.box, { top: 0, bottom: 3, left: 1, right: 3 });
  // A dead pixel (norm 0) is not among the live ones a cut removes.
  assert.deepEqual(weakestSide(box, IMAGE, NORMS.map((n, p) => (p === 4 ? 0 : n)))?.live, [0, 8, 12]);
});

test('the kept box: weakest lines cut until at most `keep` live pixels are left, whatever the weak pixels inside', () => {
  // 16 live: the left column goes (12 left), then the top row's three (0.2, 3, 0.2 = 3.4 / 3) against the
  // bottom's (1, 1, 1 = 3 / 3, weaker): the bottom goes (9 left).
  assert.deepEqual(keptBox(IMAGE, NORMS, 12), { top: 0, bottom: 3, left: 1, right: 3 });
  assert.deepEqual(keptBox(IMAGE, NORMS, 10), { top: 0, bottom: 2, left: 1, right: 3 });
  assert.deepEqual(keptBox(IMAGE, NORMS, 16), { top: 0, bottom: 3, left: 0, right: 3 });
  assert.ok(inBox({ top: 0, bottom: 2, left: 1, right: 3 }, 4, 6));
  assert.ok(!inBox({ top: 0, bottom: 2, left: 1, right: 3 }, 4, 8));
});

test('the prox on an image\'s pixels presses the live pixels outside the kept box, and no pixel inside it', () => {
  const model = tfl.sequential({ layers: [
    tfl.layers.flatten({ name: 'flatten', inputShape: [4, 4, 1] }),
    tfl.layers.dense({ name: 'fc1', units: 1, useBias: false }),
  ] });
  // One unit: pixel p's row is [NORMS[p]], so its norm is NORMS[p].
  tf.tidy(() => model.getLayer('fc1').setWeights([tf.tensor2d(NORMS, [16, 1])]));
  const pixels = unitFamilies(model, { cropInput: true }).find((f) => f.kind === 'inputs');
  assert.ok(pixels !== undefined);
  familyProx(pixels, 0.05, 12);
  const after = [...familySquaredNorms(pixels)].map(Math.sqrt);
  // The left column is pressed, about its strongest pixel m = 0.2: t_0 = 0.05 (0.2 -> 0.15), and
  // t = 0.05 * (0.2 / 0.1)^2 = 0.2 for its three pixels of 0.1, which go.
  assert.ok(Math.abs(after[0] - 0.15) < 1e-6, `pixel 0: ${after[0]}`);
  [4, 8, 12].forEach((p) => assert.equal(after[p], 0, `pixel ${p}`));
  // Everything inside the box is as it was, the weak pixel 6 (0.1) too.
  NORMS.forEach((norm, p) => {
    if (p % 4 !== 0) assert.ok(Math.abs(after[p] - norm) < 1e-6, `pixel ${p}: ${after[p]}`);
  });
  model.dispose();
});
