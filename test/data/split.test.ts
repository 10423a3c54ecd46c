// The held-out split: per-class counts, a partition, seeded, and stable when examples are added.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { holdOutSplit, holdOutSplits } from '../../src/data/split.js';

const keys = Array.from({ length: 100 }, (_, i) => `k${i}`);
const labels = keys.map((_, i) => (i < 70 ? 0 : 1));

test('round(fraction * n) of each class held out, every index in exactly one split, ascending', () => {
  const { train, test: held } = holdOutSplit(keys, labels, 0.25, 1);
  assert.equal(held.filter((i) => labels[i] === 0).length, Math.round(0.25 * 70));
  assert.equal(held.filter((i) => labels[i] === 1).length, Math.round(0.25 * 30));
  assert.deepEqual([...train, ...held].sort((a, b) => a - b), keys.map((_, i) => i));
  assert.deepEqual(held, [...held].sort((a, b) => a - b));
});

test('the same seed gives the same split; another seed another one', () => {
  assert.deepEqual(holdOutSplit(keys, labels, 0.25, 1), holdOutSplit(keys, labels, 0.25, 1));
  assert.notDeepEqual(holdOutSplit(keys, labels, 0.25, 1).test, holdOutSplit(keys, labels, 0.25, 2).test);
});

test('adding examples moves no earlier example between the splits, except to keep the class count', () => {
  const before = holdOutSplit(keys, labels, 0.2, 5).test.map((i) => keys[i]);
  const more = [...keys, 'k100', 'k101', 'k102', 'k103', 'k104'];
  const after = new Set(holdOutSplit(more, [...labels, 0, 0, 0, 0, 0], 0.2, 5).test.map((i) => more[i]));
  // Class 0 grows from 70 to 75 (14 -> 15 held out): everything held out before still is, or was displaced
  // by a new key with a smaller hash; class 1 is untouched.
  const kept = before.filter((key) => after.has(key)).length;
  assert.ok(kept >= before.length - 5, `${kept} of ${before.length} kept`);
  assert.deepEqual(before.filter((key) => Number(key.slice(1)) >= 70), [...after].filter((key) => Number(key.slice(1)) >= 70 && Number(key.slice(1)) < 100));
});

test('a fraction leaving a split empty is refused, naming the source', () => {
  const whole = { images: new Float32Array(4), labels: [0, 1, 0, 1] };
  assert.throws(() => holdOutSplits(whole, 1, ['a', 'b', 'c', 'd'], 'src.csv', { testFraction: 0.1 }), /src.csv: holding out 10% of each class leaves no test examples/);
  assert.throws(() => holdOutSplits(whole, 1, ['a', 'b', 'c', 'd'], 'src.csv', { testFraction: 0.9 }), /leaves no training examples/);
  const split = holdOutSplits(whole, 1, ['a', 'b', 'c', 'd'], 'src.csv', { testFraction: 0.5 });
  assert.deepEqual([split.train.labels.length, split.test.labels.length], [2, 2]);
});
