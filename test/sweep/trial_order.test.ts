import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedWork, longestFirst } from '../../src/sweep/trial_order.js';
import type { Trial } from '../../src/sweep/trial.js';

const trial = (name: string, settings: Trial['settings']): { trial: Trial } => ({ trial: { name, settings } });

test('a target trial is estimated at a quarter of the dense work plus three quarters of what its target keeps', () => {
  assert.equal(expectedWork({ name: 'l2', settings: { reg: 'l2' } }), 1);
  assert.equal(expectedWork({ name: 't', settings: { 'target-macs': '0.2' } }), 0.25 + 0.75 * 0.2);
  // The MACs target sets a step's cost when both are given; a parameter target alone counts too.
  assert.equal(expectedWork({ name: 't', settings: { 'target-macs': '0.4', 'target-params': '0.1' } }), 0.25 + 0.75 * 0.4);
  assert.equal(expectedWork({ name: 't', settings: { 'target-params': '0.1' } }), 0.25 + 0.75 * 0.1);
});

test('trials start longest first: the dense reference, then the loosest target; equal ones keep their order', () => {
  const jobs = [
    trial('target-macs-0.05', { 'target-macs': '0.05' }),
    trial('target-macs-0.1-a', { 'target-macs': '0.1', lambda: '1e-5' }),
    trial('target-macs-0.1-b', { 'target-macs': '0.1', lambda: '1e-4' }),
    trial('target-macs-0.4', { 'target-macs': '0.4' }),
    trial('l2', { reg: 'l2' }),
    trial('exclusive', { reg: 'exclusive' }),
  ];
  assert.deepEqual(longestFirst(jobs).map((job) => job.trial.name),
    ['l2', 'exclusive', 'target-macs-0.4', 'target-macs-0.1-a', 'target-macs-0.1-b', 'target-macs-0.05']);
});
