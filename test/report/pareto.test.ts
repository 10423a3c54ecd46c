import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paretoFront, paretoFrontNaive, type TradeoffPoint } from '../../src/report/pareto.js';
import { Rng } from '../../src/train/rng.js';

test('the front by hand: dominated points go, equal points on it both stay, sorted by MACs', () => {
  const points: TradeoffPoint[] = [
    { macs: 0.4, accuracy: 0.99 }, { macs: 0.1, accuracy: 0.95 }, { macs: 0.2, accuracy: 0.95 },
    { macs: 0.2, accuracy: 0.97 }, { macs: 0.1, accuracy: 0.95 }, { macs: 0.5, accuracy: 0.98 },
  ];
  assert.deepEqual(paretoFront(points), [1, 4, 3, 0]);
  assert.deepEqual(paretoFront([]), []);
});

test('the sorted front equals the all-pairs reference on random sets with many ties', () => {
  const rng = new Rng(7);
  for (let trial = 0; trial < 300; trial++) {
    const n = 1 + Math.floor(rng.nextFloat() * 12);
    const points = Array.from({ length: n }, () => ({ macs: Math.floor(rng.nextFloat() * 5) / 4, accuracy: Math.floor(rng.nextFloat() * 5) / 4 }));
    const fast = paretoFront(points);
    const naive = paretoFrontNaive(points);
    assert.deepEqual([...fast].sort((a, b) => a - b), [...naive].sort((a, b) => a - b), JSON.stringify(points));
    for (let k = 1; k < fast.length; k++) assert.ok(points[fast[k - 1]].macs <= points[fast[k]].macs);
  }
});
