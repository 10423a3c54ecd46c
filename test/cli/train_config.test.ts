// Presets: `original` resolves to exactly the settings cges train had before cost targets (the model's
// own defaults, input groups, no target, no masks, no fine-tuning); `small` (the default) to unit groups
// with a 20% MACs target, masks and no hand-set group scales, but only for the cges and group regularisers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveTrainConfig } from '../../src/cli/train_config.js';
import { modelDefaults } from '../../src/models/registry.js';

test('--preset original is the original code\'s settings, with nothing of the cost-target machinery', () => {
  const config = resolveTrainConfig({ preset: 'original' });
  const defaults = modelDefaults('seed-mnist');
  assert.equal(config.grouping, 'input');
  assert.equal(config.exclusiveForm, 'original');
  assert.deepEqual([config.lambda, config.mu, config.chvar, config.gscale, config.escale, config.iterations],
    [6e-5, 0.8, 0.2, defaults.gscale, defaults.escale, 30000]);
  assert.deepEqual([config.targetMacs, config.targetParams, config.finetune, config.masks], [null, null, null, false]);
});

test('the small preset targets 20% of the MACs with unit groups and masks, for cges and group only', () => {
  const small = resolveTrainConfig({});
  assert.deepEqual([small.preset, small.grouping, small.targetMacs, small.masks, small.gscale], ['small', 'unit', 0.2, true, undefined]);
  const l2 = resolveTrainConfig({ reg: 'l2' });
  assert.deepEqual([l2.grouping, l2.targetMacs, l2.masks], ['input', null, false]);
  const params = resolveTrainConfig({ targetParams: '0.1' });
  assert.deepEqual([params.targetMacs, params.targetParams, params.masks], [null, 0.1, true]);
  const unmaskedInput = resolveTrainConfig({ grouping: 'input', masks: false });
  assert.deepEqual([unmaskedInput.targetMacs, unmaskedInput.masks], [null, false]);
  const inputGroups = resolveTrainConfig({ grouping: 'input' });
  assert.equal(inputGroups.targetMacs, null, 'another grouping chosen by hand: no default target');
});

test('--exclusive-prox takes the older name "seed" as "original", and refuses a name it does not know', () => {
  assert.equal(resolveTrainConfig({ exclusiveProx: 'seed' }).exclusiveForm, 'original');
  assert.equal(resolveTrainConfig({ exclusiveProx: 'exact' }).exclusiveForm, 'exact');
  assert.throws(() => resolveTrainConfig({ exclusiveProx: 'constructor' }), /--exclusive-prox.*one of original, exact/);
});

test('a target is refused at 1 or outside (0, 1), and beside --no-masks (removed units could come back)', () => {
  assert.throws(() => resolveTrainConfig({ targetMacs: '1' }), /^CgesError: --target-macs must be a number in \(0, 1\), got "1"$/);
  assert.throws(() => resolveTrainConfig({ targetMacs: '0.2', targetParams: '1' }), /--target-params must be a number in \(0, 1\)/);
  assert.throws(() => resolveTrainConfig({ targetParams: '0' }), /--target-params must be a number in \(0, 1\)/);
  assert.throws(() => resolveTrainConfig({ targetParams: '0.1', masks: false }), /--no-masks cannot be given with a cost target/);
  assert.throws(() => resolveTrainConfig({ masks: false }), /--no-masks cannot be given with the small preset's cost target/);
});
