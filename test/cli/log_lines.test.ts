// The end-of-run structure line says which units forced removal took and when: to keep to the plan at
// control points, at the deadline, or both; a target left unmet says so instead of a step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { structureLine } from '../../src/cli/log_lines.js';
import type { TrainSummary } from '../../src/cli/train.js';
import { resolveTrainConfig } from '../../src/cli/train_config.js';

function summary(target: TrainSummary['target']): TrainSummary {
  return {
    preset: 'small', model: 'lenet-300-100', reg: 'cges', testAccuracy: 0.9, usingParam: 0.2, flopOriginal: 0.2,
    macs: { dense: 10, nonzero: 2, fraction: 0.2 }, backend: 'cpu', samplesPerSecond: 1, trainSeconds: 1, iterations: 300,
    layers: [], compacted: { macs: 1, params: 1, macsFraction: 0.1, paramsFraction: 0.2 }, target,
    finetune: { startStep: null, steps: 0, testAccuracyBefore: null }, shrinkSteps: [], unregularized: [], config: resolveTrainConfig({}),
  };
}

const target = (reachedAtStep: number | null, forcedRemovals?: { step: number; units: number; atDeadline: boolean }[]) => ({
  macs: 0.1, params: null, reachedAtStep, forcedRemovals,
  forcedUnits: (forcedRemovals ?? []).reduce((sum, removal) => sum + removal.units, 0),
});

test('forced removals are told by where they happened: plan control points, the deadline, or both', () => {
  assert.equal(structureLine(summary(target(40, []))),
    'compacted network: 10.0% of the dense MACs, 20.0% of the parameters; target MACs 10.0% reached at step 40');
  assert.match(structureLine(summary(target(80, [
    { step: 20, units: 5, atDeadline: false }, { step: 30, units: 4, atDeadline: false }, { step: 50, units: 3, atDeadline: false },
  ]))), /target MACs 10\.0% reached at step 80: 12 units removed to keep to the plan at 3 control points \(steps 20 to 50\)$/);
  assert.match(structureLine(summary(target(225, [{ step: 40, units: 2, atDeadline: false }, { step: 225, units: 3, atDeadline: true }]))),
    /reached at step 225: 2 units removed to keep to the plan at 1 control point \(step 40\), 3 at the deadline \(step 225\)$/);
  assert.match(structureLine(summary(target(225, [{ step: 225, units: 3, atDeadline: true }]))),
    /reached at step 225: 3 units removed at the deadline \(step 225\)$/);
});

test('a target the deadline left unmet is not reported as reached; an older summary gives the total only', () => {
  assert.match(structureLine(summary(target(null, [{ step: 225, units: 7, atDeadline: true }]))),
    /target MACs 10\.0% not reached: 7 units removed at the deadline/);
  assert.match(structureLine(summary({ macs: 0.1, params: null, reachedAtStep: 90, forcedUnits: 4 })),
    /target MACs 10\.0% reached at step 90: 4 units removed by force$/);
});
