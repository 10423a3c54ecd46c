// resolveStructure: the settings a run derives from its structure options and its length, by hand, and
// the options it refuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONTROL_POINTS, DEFAULT_FINETUNE_SHARE, resolveStructure } from '../../src/train/structure_control.js';
import type { ModelShrinker } from '../../src/train/shrink.js';
import { CgesError } from '../../src/util/errors.js';

const shrink: ModelShrinker = async () => { throw new Error('not called'); };

/** Input features (or pixels) are not units unless asked (StructureOptions.pruneInputs, cropInput). */
const NO_INPUTS = { pruneInputs: undefined, cropInput: undefined, inputScales: undefined };

test('without a target: no fine-tuning, no masks, about CONTROL_POINTS control points', () => {
  assert.equal(CONTROL_POINTS, 100);
  assert.deepEqual(resolveStructure({}, 1000), { target: undefined, finetune: 0, masks: false, controlEvery: 10, shrink: undefined, ...NO_INPUTS });
  // Fewer steps than control points: every step is one.
  assert.equal(resolveStructure({}, 40).controlEvery, 1);
  assert.deepEqual(resolveStructure({ finetune: 100, masks: true, shrink }, 1000),
    { target: undefined, finetune: 100, masks: true, controlEvery: 9, shrink, ...NO_INPUTS });
});

test('under a target: a quarter of the steps fine-tune, masks on, control points over the sparsifying steps', () => {
  assert.equal(DEFAULT_FINETUNE_SHARE, 0.25);
  const target = { macs: 0.2 };
  // 250 fine-tune; 750 sparsify, every round(7.5) = 8 steps.
  assert.deepEqual(resolveStructure({ target }, 1000), { target, finetune: 250, masks: true, controlEvery: 8, shrink: undefined, ...NO_INPUTS });
  // round(12.5) = 13 fine-tune of 50; 37 sparsifying steps, each a control point.
  assert.deepEqual(resolveStructure({ target, shrink }, 50), { target, finetune: 13, masks: true, controlEvery: 1, shrink, ...NO_INPUTS });
  // What is given is kept.
  assert.deepEqual(resolveStructure({ target, finetune: 0, controlEvery: 3 }, 60),
    { target, finetune: 0, masks: true, controlEvery: 3, shrink: undefined, ...NO_INPUTS });
});

test('refused: fine-tuning outside [0, iterations), a control interval that is not a positive integer, shrinking without masks, two input cuts', () => {
  const refuse = (options: Parameters<typeof resolveStructure>[0], iterations: number, message: RegExp) =>
    assert.throws(() => resolveStructure(options, iterations), (error: unknown) => error instanceof CgesError && message.test(error.message));
  refuse({ finetune: 100 }, 100, /^finetune must be an integer in \[0, iterations\), got 100 of 100$/);
  refuse({ finetune: -1 }, 100, /got -1 of 100/);
  refuse({ finetune: 2.5 }, 100, /got 2.5 of 100/);
  refuse({ controlEvery: 0 }, 100, /^control-every must be a positive integer, got 0$/);
  refuse({ controlEvery: 1.5 }, 100, /got 1.5/);
  refuse({ shrink }, 100, /^shrinking while training needs masks$/);
  refuse({ target: {} }, 100, /a cost target needs macs or params/);
  refuse({ pruneInputs: true, cropInput: true }, 100, /^pruneInputs and cropInput both cut the input/);
});
