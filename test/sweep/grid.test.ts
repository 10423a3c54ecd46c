import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gridTrials, splitList } from '../../src/sweep/grid.js';
import { reproduceCommand } from '../../src/sweep/trial.js';

test('every combination once, named by the values that vary, over the base settings', () => {
  const trials = gridTrials({ 'target-macs': ['0.1', '0.2'], lambda: ['1e-5', '1e-4'], grouping: ['unit'] }, { reg: 'cges', iterations: '9' });
  assert.deepEqual(trials.map((t) => t.name), [
    'target-macs-0.1_lambda-1e-5', 'target-macs-0.1_lambda-1e-4', 'target-macs-0.2_lambda-1e-5', 'target-macs-0.2_lambda-1e-4',
  ]);
  assert.deepEqual(trials[3].settings, { reg: 'cges', iterations: '9', 'target-macs': '0.2', lambda: '1e-4', grouping: 'unit' });
  assert.throws(() => gridTrials({ mu: [] }, {}), /mu has no values/);
  assert.throws(() => gridTrials({ mu: ['0.1', '0.1'] }, {}), /mu lists a value twice/);
  assert.throws(() => gridTrials({ a: Array.from({ length: 40 }, (_, k) => String(k)), b: Array.from({ length: 40 }, (_, k) => String(k)) }, {}), /1600 trials/);
  assert.deepEqual(splitList(' 0.05, 0.1,,0.2 '), ['0.05', '0.1', '0.2']);
});

test('the reproducing command gives every setting and quotes what the shell would split', () => {
  const command = reproduceCommand({ name: 't', settings: { reg: 'cges', data: '/my data/x', shrink: true } }, 'runs/t', 1);
  assert.equal(command, "cges train --reg cges --data '/my data/x' --shrink --threads 1 --out runs/t --compact");
});
