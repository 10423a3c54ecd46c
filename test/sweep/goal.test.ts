import { test } from 'node:test';
import assert from 'node:assert/strict';
import { choose, goalText } from '../../src/sweep/goal.js';
import type { TrialResult } from '../../src/sweep/trial_result.js';

/** A stubbed finished trial: only the figures the choice reads matter. */
function result(name: string, macs: number, test: number, validation: number | null = null, params = macs): TrialResult {
  return {
    name, dir: name, settings: {}, model: 'm', data: 'd', reg: 'cges', validationAccuracy: validation, testAccuracy: test,
    usingParam: 1, flopOriginal: 1, compactedMacs: macs * 1000, compactedMacsFraction: macs, compactedParams: params * 100,
    compactedParamsFraction: params, aliveUnits: [], examplesPerSecondBatch1: 1, examplesPerSecondBatch100: 1, trainSeconds: 1, threads: 1,
  };
}

test('with validation accuracy on every run, the choice reads it and never the test accuracy', () => {
  const runs = [result('a', 0.05, 0.99, 0.90), result('b', 0.1, 0.90, 0.97), result('c', 0.2, 0.95, 0.98), result('d', 0.4, 0.999, 0.95)];
  const choice = choose(runs, { objective: 'accuracy', maxMacs: 0.1 });
  assert.equal(choice.selectedBy, 'validation');
  assert.equal(choice.chosen?.name, 'b');
  assert.deepEqual(choice.feasible.map((r) => r.name), ['a', 'b']);
  // Front by validation accuracy: a (0.90 at 5%), b (0.97 at 10%), c (0.98 at 20%); d is beaten by c.
  assert.deepEqual(choice.pareto.map((r) => r.name), ['a', 'b', 'c']);
  assert.equal(choose(runs, { objective: 'accuracy' }).chosen?.name, 'c');
});

test('one run without validation accuracy makes the whole choice by test accuracy', () => {
  const runs = [result('a', 0.1, 0.97, 0.99), result('b', 0.2, 0.98, null)];
  const choice = choose(runs, { objective: 'accuracy' });
  assert.equal(choice.selectedBy, 'test');
  assert.equal(choice.chosen?.name, 'b');
});

test('objective macs: the fewest MACs meeting the accuracy floor; none meeting the goal is null', () => {
  const runs = [result('a', 0.05, 0.96), result('b', 0.1, 0.981), result('c', 0.1, 0.985), result('d', 0.4, 0.99)];
  assert.equal(choose(runs, { objective: 'macs', minAccuracy: 0.98 }).chosen?.name, 'c');
  assert.equal(choose(runs, { objective: 'macs' }).chosen?.name, 'a');
  assert.equal(choose(runs, { objective: 'accuracy', maxParams: 0.01 }).chosen, null);
  assert.equal(goalText({ objective: 'macs', minAccuracy: 0.98, maxMacs: 0.2 }), 'the fewest compacted MACs with compacted MACs <= 0.2, accuracy >= 0.98');
});

test('a maximum drop reads the L2 reference run\'s accuracy the way it reads the trials\'', () => {
  const runs = [result('a', 0.05, 0.970, 0.960), result('b', 0.1, 0.975, 0.972), result('c', 0.2, 0.99, 0.979)];
  const l2 = result('l2', 1, 0.99, 0.980);
  // Within 0.5 pp of L2's 98.0% validation accuracy: b (97.2%) is not, c (97.9%) is.
  assert.equal(choose(runs, { objective: 'macs', maxDrop: 0.005 }, l2).chosen?.name, 'c');
  // 1 pp: b (97.2%) is still 0.8 pp below and within; a (96.0%) is not.
  assert.equal(choose(runs, { objective: 'macs', maxDrop: 0.01 }, l2).chosen?.name, 'b');
  // Exactly at the drop counts as within.
  assert.equal(choose(runs, { objective: 'macs', maxDrop: 0.02 }, l2).chosen?.name, 'a');
  assert.equal(choose(runs, { objective: 'macs', maxDrop: 0.005 }).chosen, null);
  // A reference without validation accuracy makes the whole choice by test accuracy: within 0.5 pp of 99% is c alone.
  const choice = choose(runs, { objective: 'macs', maxDrop: 0.005 }, result('l2', 1, 0.99));
  assert.equal(choice.selectedBy, 'test');
  assert.equal(choice.chosen?.name, 'c');
  assert.equal(goalText({ objective: 'macs', maxDrop: 0.005 }), 'the fewest compacted MACs with accuracy at most 0.5 pp below L2\'s');
});
