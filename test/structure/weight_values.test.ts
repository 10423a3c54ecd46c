// allZero against a brute force over every entry, on kernels with scattered zeros and random index sets.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { allZero, type WeightValues } from '../../src/structure/weight_values.js';
import { seededValues } from './fixtures.js';

function bruteForce(weight: WeightValues, allowed: (Set<number> | null)[]): boolean {
  const { values, shape } = weight;
  for (let i = 0; i < values.length; i++) {
    let rest = i;
    const index = shape.map(() => 0);
    for (let a = shape.length - 1; a >= 0; a--) {
      index[a] = rest % shape[a];
      rest = Math.floor(rest / shape[a]);
    }
    if (values[i] !== 0 && index.every((k, a) => allowed[a]?.has(k) ?? true)) return false;
  }
  return true;
}

it('allZero visits exactly the entries on the allowed indices of each axis', () => {
  const shapes = [[5], [4, 3], [3, 3, 4, 2], [2, 1, 3, 5]];
  let answers = 0;
  shapes.forEach((shape, s) => {
    const size = shape.reduce((a, b) => a * b, 1);
    for (let trial = 0; trial < 40; trial++) {
      // Mostly zeros, so that both answers occur.
      const noise = seededValues(size, 100 * s + trial);
      const values = Float32Array.from(noise, (v) => (v > 0.85 ? v : 0));
      const picks = seededValues(shape.length * 8, 7 * trial + s);
      const allowed = shape.map((d, a) => (picks[a * 8] > 0.3
        ? new Set(Array.from({ length: d }, (_, i) => i).filter((i) => picks[a * 8 + 1 + (i % 7)] > 0))
        : null));
      const weight = { name: 'kernel', values, shape, axes: [] };
      const expected = bruteForce(weight, allowed);
      assert.equal(allZero(weight, allowed), expected, `shape ${shape} trial ${trial}`);
      answers += expected ? 1 : 0;
    }
  });
  assert.ok(answers > 10 && answers < 150, `both answers occur (${answers} of 160 all zero)`);
});
