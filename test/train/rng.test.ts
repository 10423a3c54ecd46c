import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/train/rng.js';

const draws = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.nextUint32());

test('the same seed gives the same stream, another seed a different one', () => {
  assert.deepEqual(draws(new Rng(7), 50), draws(new Rng(7), 50));
  const a = draws(new Rng(7), 50);
  const b = draws(new Rng(8), 50);
  assert.ok(a.filter((x, i) => x === b[i]).length === 0);
});

test('xoshiro128** matches its reference from a known state', () => {
  // Reference: the C reference implementation (next(): rotl(s[1] * 5, 7) * 9) stepped by hand from s = [1, 2, 3, 4].
  const rng = Rng.fromState([1, 2, 3, 4]);
  assert.deepEqual(draws(rng, 3), [11520, 0, 5927040]);
});

test('a saved state resumes the exact stream', () => {
  const rng = new Rng(123);
  draws(rng, 17);
  const state = rng.getState();
  const expected = draws(rng, 40);
  assert.deepEqual(draws(Rng.fromState(state), 40), expected);
  assert.throws(() => rng.setState([0, 0, 0, 0]), /rng state/);
});

test('nextInt is uniform enough and in range; shuffle is a permutation', () => {
  const rng = new Rng(1);
  const counts = new Array<number>(6).fill(0);
  for (let i = 0; i < 60000; i++) counts[rng.nextInt(6)]++;
  // Each count is Binomial(60000, 1/6): sd ~ 91, so 5 sd is ~456.
  for (const count of counts) assert.ok(Math.abs(count - 10000) < 456, `count ${count}`);
  const array = Uint32Array.from({ length: 100 }, (_, i) => i);
  rng.shuffle(array);
  assert.deepEqual([...array].sort((x, y) => x - y), Array.from({ length: 100 }, (_, i) => i));
  assert.notDeepEqual([...array], Array.from({ length: 100 }, (_, i) => i));
  const floats = Array.from({ length: 1000 }, () => rng.nextFloat());
  assert.ok(floats.every((x) => x >= 0 && x < 1));
});
