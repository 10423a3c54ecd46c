// Validation splits: held-out examples are disjoint from the trained ones and together they are the
// training split, each class keeps its share, and a second data set joins its two splits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DataSplit } from '../../src/data/dataset.js';
import { gatherSplit, holdOutValidation, joinSplits } from '../../src/data/validation.js';

/** n examples of 2 values each, example i holding [i, -i], labels i mod `classes`. */
function numbered(n: number, classes: number, labels: 'u8' | 'i32' = 'u8'): DataSplit {
  const images = Float32Array.from({ length: 2 * n }, (_, k) => (k % 2 === 0 ? 1 : -1) * Math.floor(k / 2));
  const values = Array.from({ length: n }, (_, i) => i % classes);
  return { images, labels: labels === 'u8' ? Uint8Array.from(values) : Int32Array.from(values), count: n };
}

const ids = (split: DataSplit) => Array.from({ length: split.count }, (_, i) => split.images[2 * i]);

test('a held-out fraction takes that share of each class; the rest trains, in stored order', () => {
  const whole = numbered(100, 4);
  const { train, val } = holdOutValidation(whole, { fraction: 0.2 }, 7);
  assert.equal(val.count, 20);
  assert.equal(train.count, 80);
  const trained = ids(train);
  const held = ids(val);
  assert.deepEqual([...trained, ...held].sort((a, b) => a - b), Array.from({ length: 100 }, (_, i) => i));
  assert.deepEqual(trained, [...trained].sort((a, b) => a - b));
  for (let c = 0; c < 4; c++) assert.equal(Array.from(val.labels).filter((label) => label === c).length, 5);
  // Labels travel with their examples.
  held.forEach((id, k) => assert.equal(val.labels[k], id % 4));
  // Another seed holds out other examples; the same seed the same ones.
  assert.notDeepEqual(ids(holdOutValidation(whole, { fraction: 0.2 }, 8).val), held);
  assert.deepEqual(ids(holdOutValidation(whole, { fraction: 0.2 }, 7).val), held);
});

test('a count is held out as that share of each class; impossible amounts are refused', () => {
  const whole = numbered(60, 3, 'i32');
  const { val } = holdOutValidation(whole, { count: 15 }, 1);
  assert.equal(val.count, 15);
  assert.ok(val.labels instanceof Int32Array);
  assert.throws(() => holdOutValidation(whole, { count: 60 }, 1), /validation split of 60 examples must leave some of the 60/);
  assert.throws(() => holdOutValidation(whole, { fraction: 1 }, 1), /fraction must be in \(0, 1\)/);
  assert.throws(() => holdOutValidation(numbered(4, 4), { count: 1 }, 1), /leaves no validation examples/);
});

test('joining splits keeps every example and label; labels widen to int32 when one split needs it', () => {
  const joined = joinSplits(numbered(3, 3), gatherSplit(numbered(5, 300, 'i32'), [4, 0]));
  assert.deepEqual(ids(joined), [0, 1, 2, 4, 0]);
  assert.ok(joined.labels instanceof Int32Array);
  assert.deepEqual(Array.from(joined.labels), [0, 1, 2, 4, 0]);
  assert.deepEqual(Array.from(joined.images), [0, -0, 1, -1, 2, -2, 4, -4, 0, -0]);
});
