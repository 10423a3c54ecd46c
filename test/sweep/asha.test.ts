import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ashaDecisions, rungDecision, type AshaTrial } from '../../src/sweep/asha.js';

const at = (name: string, accuracies: number[], promoted = 0, group = 'g', stopped = false): AshaTrial =>
  ({ name, group, accuracies, promoted, stopped });

test('a rung promotes the top floor(n / eta) so far, and once complete keeps max(1, floor(n / eta)) and stops the rest', () => {
  const entry = (name: string, accuracy: number, promoted = false) => ({ name, accuracy, promoted });
  // Two of six reached with eta 3: floor(2/3) = 0, nobody yet; nobody stops before the rung is complete.
  assert.deepEqual(rungDecision([entry('a', 0.9), entry('b', 0.8)], 3, false), { promote: [], stop: [] });
  // Three reached: the best one, c, goes on at once.
  assert.deepEqual(rungDecision([entry('a', 0.9), entry('b', 0.8), entry('c', 0.95)], 3, false), { promote: ['c'], stop: [] });
  // Six reached, complete: floor(6/3) = 2 kept, c (promoted already) and a; the four others stop.
  const six = [entry('a', 0.9), entry('b', 0.8), entry('c', 0.95, true), entry('d', 0.7), entry('e', 0.85), entry('f', 0.6)];
  assert.deepEqual(rungDecision(six, 3, true), { promote: ['a'], stop: ['e', 'b', 'd', 'f'] });
  // Two trials, complete: max(1, floor(2/3)) = 1, so one trial always finishes.
  assert.deepEqual(rungDecision([entry('a', 0.5), entry('b', 0.6)], 3, true), { promote: ['b'], stop: ['a'] });
  // Ties go to the earlier trial in the sweep's order.
  assert.deepEqual(rungDecision([entry('a', 0.5), entry('b', 0.5), entry('c', 0.5)], 3, true), { promote: ['a'], stop: ['b', 'c'] });
  // An early promotion that later ones outrank stays: c was promoted when it led, now a and b lead with k = 1.
  assert.deepEqual(rungDecision([entry('a', 0.9), entry('b', 0.8), entry('c', 0.7, true)], 3, true), { promote: ['a'], stop: ['b'] });
});

test('decisions run rung by rung and group by group: a stop completes the next rung, groups never compete', () => {
  // eta 2, two rungs. Group g: four trials at rung 0 (complete) -> keep 2 (x: 0.8, w: 0.7), stop y and z.
  // Rung 1 then holds only x (promoted earlier, reported 0.85) and w (promoted now, not yet there): incomplete;
  // floor(1/2) = 0 promoted.
  const g = [at('w', [0.7]), at('x', [0.8, 0.85], 1), at('y', [0.6]), at('z', [0.5])];
  // Group h: one trial at rung 0, the other still running to it: floor(1/2) = 0, nothing.
  const h = [at('p', [0.99], 0, 'h'), at('q', [], 0, 'h')];
  assert.deepEqual(ashaDecisions([...g, ...h], 2, 2), {
    promote: [{ name: 'w', rung: 0 }], stop: [{ name: 'y', rung: 0 }, { name: 'z', rung: 0 }],
  });
  // Later: w reports 0.9 at rung 1; y and z are out, so rung 1 is complete: w (0.9) goes on, x (0.85) stops;
  // q reports 0.5 in h: rung 0 of h complete, p goes on and q stops.
  const later = [at('w', [0.7, 0.9], 1), at('x', [0.8, 0.85], 1), at('y', [0.6], 0, 'g', true), at('z', [0.5], 0, 'g', true),
    at('p', [0.99], 0, 'h'), at('q', [0.5], 0, 'h')];
  assert.deepEqual(ashaDecisions(later, 2, 2), {
    promote: [{ name: 'w', rung: 1 }, { name: 'p', rung: 0 }], stop: [{ name: 'x', rung: 1 }, { name: 'q', rung: 0 }],
  });
  // Decided rungs decide nothing again.
  const done = [at('w', [0.7, 0.9], 2), at('x', [0.8, 0.85], 1, 'g', true), at('y', [0.6], 0, 'g', true), at('z', [0.5], 0, 'g', true)];
  assert.deepEqual(ashaDecisions(done, 2, 2), { promote: [], stop: [] });
});

test('nine trials, eta 3, two rungs: 3 go past rung 0, 1 past rung 1, asynchronously as they arrive', () => {
  // Accuracies at rung 0 arrive in this order; a promotion happens when the arrival ranks in the top floor(n/3).
  const arrivals = [0.50, 0.60, 0.70, 0.40, 0.80, 0.65, 0.30, 0.90, 0.55];
  const trials: AshaTrial[] = arrivals.map((_, k) => at(`t${k}`, []));
  const promotedAt: string[][] = [];
  arrivals.forEach((accuracy, k) => {
    trials[k].accuracies = [accuracy];
    const { promote, stop } = ashaDecisions(trials, 2, 3);
    for (const { name } of promote) trials.find((t) => t.name === name)!.promoted = 1;
    for (const { name } of stop) trials.find((t) => t.name === name)!.stopped = true;
    promotedAt.push(promote.map((p) => p.name));
  });
  // n=3 (top 1): t2 (0.70) leads; n=5 (top 1): t4 (0.80) leads, goes on at once; n=8 (top 2): t7 (0.90), t4;
  // n=9 (top 3): t7, t4, t2, all promoted already, and the rung is complete: the six others stop.
  assert.deepEqual(promotedAt, [[], [], ['t2'], [], ['t4'], [], [], ['t7'], []]);
  assert.deepEqual(trials.filter((t) => t.stopped).map((t) => t.name), ['t0', 't1', 't3', 't5', 't6', 't8']);
  // At rung 1 the three report; the rung is complete at the third: max(1, floor(3/3)) = 1 goes on.
  trials[2].accuracies.push(0.95);
  assert.deepEqual(ashaDecisions(trials, 2, 3), { promote: [], stop: [] });
  trials[4].accuracies.push(0.97);
  trials[7].accuracies.push(0.96);
  assert.deepEqual(ashaDecisions(trials, 2, 3), {
    promote: [{ name: 't4', rung: 1 }], stop: [{ name: 't2', rung: 1 }, { name: 't7', rung: 1 }],
  });
});
