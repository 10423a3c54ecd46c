// A run under a cost target ends at or under it on a small budget, following its plan on the way, with its
// last steps fine-tuning and its reported compacted cost equal to what compactModel then builds; the
// controller moves the strength and the unit-group prox removes units of its own. Without a target or
// masks, the structure control changes nothing (the same weights as the bare training steps). A control
// point analyses the weights once (twice with forced removal); a shrink keeps the units the plan keeps
// and the thresholds the masked model had; refused: a target without masks, a model the structure cannot
// follow, and a deadline that passes with the target unmet is not reported as reached.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { compactModel } from '../../src/compact/compact_model.js';
import { shrinkForTraining } from '../../src/compact/shrink_for_training.js';
import { regularizedKernels } from '../../src/models/kernels.js';
import { countMacs, countParams } from '../../src/models/macs.js';
import { unitSquaredNorms } from '../../src/prox/index.js';
import { compactedCost } from '../../src/structure/compacted_cost.js';
import { analyseStructure } from '../../src/structure/structure_analysis.js';
import { unitFamilies } from '../../src/structure/unit_families.js';
import { couplingMatrices, unitCouplings } from '../../src/structure/unit_groups.js';
import { keptShares, plannedFractions, startStrength } from '../../src/train/cost_target.js';
import { denseReference } from '../../src/train/metrics.js';
import { makeRegularizer } from '../../src/train/regularizers/index.js';
import { keptUnits, UnitGroupRegularizer } from '../../src/train/regularizers/unit_group_regularizer.js';
import { PRUNE_LAG, resolveStructure, StructureControl, type StructureOptions } from '../../src/train/structure_control.js';
import { makeTrainStep } from '../../src/train/train_step.js';
import { createTrainState, train, type TestEvent, type TrainEvent, type TrainOptions } from '../../src/train/trainer.js';
import { zeroUnits } from '../../src/train/unit_weights.js';
import { fakeMnist, twoConvNet, unitGroupRun } from './fixtures.js';

const options = (extra: Partial<TrainOptions>): TrainOptions => unitGroupRun(extra.model ?? twoConvNet(1), extra);

const unitGroups = (name: 'cges' | 'group', lambda: number) => {
  const regularizer = makeRegularizer(name, { lambda, mu: 0.8, grouping: 'unit', exclusiveForm: 'original' });
  assert.ok(regularizer instanceof UnitGroupRegularizer);
  return regularizer;
};

/** A StructureControl over `iterations` steps of `model`, as train() makes one. */
function controlFor(model: tfl.LayersModel, regularizer: UnitGroupRegularizer, structure: StructureOptions, iterations = 100) {
  return new StructureControl(model, regularizer.forModel(model), resolveStructure(structure, iterations), iterations, 0.05,
    denseReference(model, false));
}

const unitNorms = (model: tfl.LayersModel) => unitCouplings(model).map((c) => [...unitSquaredNorms(couplingMatrices(c))].map(Math.sqrt));

test('a cost target is met by the end of a short run along its plan, the controller moving the strength', async () => {
  const events: TrainEvent[] = [];
  const target = { macs: 0.3, params: 0.4 };
  const opts = options({ structure: { target, finetune: 10 }, iterations: 40, testEvery: 1, onEvent: (e) => events.push(e) });
  // The strength the controller starts from, as it calibrates it from the initial weights.
  const initial = twoConvNet(1);
  const families = unitFamilies(initial);
  const dense = { macs: countMacs(initial).total, params: countParams(initial).total, kernelWeights: 0 };
  const settings = unitGroups('cges', 1e-4).settings;
  const kept = keptShares(families, analyseStructure(initial, families), target, { macs: 1, params: 1 }, dense);
  const start = startStrength(initial, families, kept, settings, 0.05);
  initial.dispose();

  const result = await train(opts);
  const { control, compacted } = result;
  assert.ok(compacted.macsFraction <= 0.3 && compacted.paramsFraction <= 0.4, JSON.stringify(compacted));
  assert.ok(control.reachedAtStep !== null && control.reachedAtStep <= 30, `reached at ${control.reachedAtStep}`);
  assert.equal(control.phase, 'finetune');
  assert.equal(control.finetuneStartStep, control.reachedAtStep);
  assert.ok(control.testAccuracyBeforeFinetune !== null);
  const tests = events.filter((e): e is TestEvent => e.event === 'test');
  assert.equal(tests[tests.length - 1].phase, 'finetune');

  // The plan was followed on the way: from PRUNE_LAG of the sparsifying steps, at or under the lagged plan,
  // and for several steps strictly between the start and the target.
  const deadline = 30;
  const sparsifying = tests.filter((e) => e.phase === 'sparsify' && e.step >= PRUNE_LAG * deadline);
  const between = sparsifying.filter((e) => e.compacted.macsFraction > target.macs && e.compacted.macsFraction < 1);
  assert.ok(between.length >= 2, `intermediate costs: ${between.map((e) => e.compacted.macsFraction).join(', ')}`);
  for (const e of sparsifying) {
    const plan = plannedFractions(target, e.step - PRUNE_LAG * deadline, deadline);
    assert.ok(e.compacted.macsFraction <= (plan.macs ?? 1) && e.compacted.paramsFraction <= (plan.params ?? 1),
      `step ${e.step}: ${JSON.stringify(e.compacted)} against the plan ${JSON.stringify(plan)}`);
  }
  // The controller moved the strength from where it started.
  const strengths = tests.filter((e) => e.phase === 'sparsify').map((e) => e.strength);
  assert.ok(strengths.some((s) => Math.abs(s / start - 1) > 0.01), `strengths ${strengths.join(', ')} from ${start}`);
  // Forced removal kept to the plan at control points before the deadline, and the log says so.
  assert.ok((control.forcedRemovals ?? []).length > 1 && control.forcedRemovals?.every((r) => !r.atDeadline));

  const { model: compactedModel } = await compactModel(opts.model);
  assert.equal(countMacs(compactedModel).total, compacted.macs);
  assert.equal(countParams(compactedModel).total, compacted.params);
  assert.ok(countMacs(compactedModel).total <= 0.3 * countMacs(opts.model).total);
  result.state.optimizer.dispose();
  compactedModel.dispose();
  opts.model.dispose();
});

test('under the controller the unit-group prox removes units on its own, before forced removal starts', () => {
  const model = twoConvNet(1);
  const regularizer = unitGroups('cges', 1e-4);
  // Deadline 1,000: forced removal starts at step PRUNE_LAG * 1000 = 100.
  const control = controlFor(model, regularizer, { target: { macs: 0.3 }, finetune: 250, controlEvery: 10 }, 1250);
  const bound = regularizer.forModel(model);
  const kernels = regularizedKernels(model);
  const start = control.strength;
  const units = () => compactedCost(model).stages.slice(0, -1).reduce((sum, s) => sum + s.unitsAfter, 0);
  const before = units();
  for (let step = 1; step < 100; step++) {
    bound.proxStep(kernels, 0.05);
    control.afterStep(model, step);
  }
  assert.equal(control.snapshot().forcedUnits, 0);
  assert.ok(units() < before, `${before} units before, ${units()} after 99 prox steps`);
  assert.ok(control.strength > start, 'behind the plan, the strength rose');
  model.dispose();
});

test('without a target or masks, the structure control leaves training exactly as the bare training steps', async () => {
  const plain = options({ regularizer: makeRegularizer('cges', { lambda: 1e-3, mu: 0.8, grouping: 'input', exclusiveForm: 'original' }),
    grouping: 'input', iterations: 12 });
  // The reference: the training step alone, no structure control at all.
  const state = createTrainState(plain);
  const step = makeTrainStep({
    model: plain.model, optimizer: state.optimizer, regularizer: plain.regularizer,
    kernels: regularizedKernels(plain.model), dropoutRng: state.dropoutRng,
  });
  for (let i = 0; i < plain.iterations; i++) {
    const { xs, labels } = await state.sampler.next();
    step(xs, labels, state.learningRate());
    tf.dispose([xs, labels]);
    state.step++;
  }
  // A control point after every step, masks off, no target.
  const withControl = { ...plain, model: twoConvNet(1), structure: { masks: false, finetune: 0, controlEvery: 1 } };
  const result = await train(withControl);
  const weights = (model: tfl.LayersModel) => model.getWeights().map((w) => Array.from(w.dataSync()));
  assert.deepEqual(weights(withControl.model), weights(plain.model));
  assert.notDeepEqual(weights(withControl.model), weights(twoConvNet(1)), 'training changed the weights');
  assert.equal(result.control.phase, 'sparsify');
  state.optimizer.dispose();
  result.state.optimizer.dispose();
  plain.model.dispose();
  withControl.model.dispose();
});

test('a control point analyses the dead units once, and once more after forced removal', () => {
  const model = twoConvNet(1);
  // 100 steps, 20 fine-tuning: the deadline is 80, and forced removal starts at PRUNE_LAG * 80 = 8.
  const control = controlFor(model, unitGroups('cges', 1e-4),
    { target: { macs: 0.3 }, finetune: 20, controlEvery: 5, shrink: shrinkForTraining });
  let analyses = 0;
  control.analyse = (m) => {
    analyses++;
    return analyseStructure(m, unitFamilies(m));
  };
  control.afterStep(model, 3);
  assert.equal(analyses, 0, 'not a control point');
  control.afterStep(model, 5);
  assert.equal(analyses, 1, 'masks, controller and shrink decision from one analysis');
  assert.equal(control.snapshot().forcedUnits, 0);
  analyses = 0;
  control.afterStep(model, 10);
  const { forcedUnits, forcedRemovals } = control.snapshot();
  assert.ok(forcedUnits > 0, 'behind the lagged plan at step 10: units were removed');
  assert.deepEqual(forcedRemovals, [{ step: 10, units: forcedUnits, atDeadline: false }]);
  assert.equal(analyses, 2, 'one analysis, and one of the weights forced removal left');
  model.dispose();
});

test('after a shrink, the units the plan keeps are not pressed by the unit-group prox', async () => {
  const model = twoConvNet(1);
  const regularizer = unitGroups('group', 1e-2);
  const control = controlFor(model, regularizer, { target: { macs: 0.3 }, finetune: 20, controlEvery: 5, shrink: shrinkForTraining });
  control.afterStep(model, 10); // forced removal to the lagged plan, then shares of what is left
  const before = control.snapshot();
  assert.equal(before.phase, 'sparsify');
  const kept = unitCouplings(model).map((coupling, k) => keptUnits(before.keptShares?.[k] ?? 1, coupling));
  const shrunk = await shrinkForTraining(model);
  control.shrunk(shrunk.model, 10);
  const couplings = unitCouplings(shrunk.model);
  assert.ok(couplings.some((c, k) => c.units < unitCouplings(model)[k].units), 'the shrink removed units');
  const keptOf = unitNorms(shrunk.model)
    .map((norms, k) => new Set([...norms.keys()].sort((a, b) => norms[b] - norms[a]).slice(0, kept[k])));
  const columns = couplings.map((c) => c.producerKernel.read().dataSync().slice());
  regularizer.forModel(shrunk.model).proxStep(regularizedKernels(shrunk.model), 0.05);
  // Unit u's column in a kernel is scaled by u's own factor only, in the rows of input channels the
  // layer before keeps (every row for the first layer): there a kept unit's weights are untouched.
  let pressed = 0;
  couplings.forEach((coupling, k) => {
    const after = coupling.producerKernel.read().dataSync();
    const { units } = coupling;
    for (let i = 0; i < after.length; i++) {
      const u = i % units;
      const channel = Math.floor(i / units) % (k === 0 ? 1 : couplings[k - 1].units);
      if (k > 0 && !keptOf[k - 1].has(channel)) continue;
      if (keptOf[k].has(u)) assert.equal(after[i], columns[k][i], `layer ${k} unit ${u}, one of the ${kept[k]} kept`);
      else if (after[i] !== columns[k][i]) pressed++;
    }
  });
  assert.ok(pressed > 0, 'the units beyond those kept are pressed');
  shrunk.model.dispose();
  model.dispose();
});

test('one prox step on a shrunk model equals the same step on the masked model it replaced, sliced', async () => {
  const model = twoConvNet(1);
  const regularizer = unitGroups('cges', 3e-2);
  const control = controlFor(model, regularizer, { masks: true, controlEvery: 5, shrink: shrinkForTraining });
  const [conv1, conv2, fc1] = unitCouplings(model);
  zeroUnits(conv1, [0, 3]);
  zeroUnits(conv2, [1, 2, 5]);
  zeroUnits(fc1, [4, 7, 8, 9, 15]);
  control.afterStep(model, 5); // masks the zeroed units
  const shrunk = await shrinkForTraining(model);
  control.shrunk(shrunk.model, 5);
  regularizer.forModel(shrunk.model).proxStep(regularizedKernels(shrunk.model), 0.05);
  regularizer.forModel(model).proxStep(regularizedKernels(model), 0.05);
  const sliced = shrunk.sliceLikeWeights(model.trainableWeights.map((w) => w.read()));
  const values = (tensors: tf.Tensor[]) => tensors.map((t) => Array.from(t.dataSync()));
  assert.deepEqual(values(shrunk.model.trainableWeights.map((w) => w.read())), values(sliced));
  tf.dispose(sliced);
  shrunk.model.dispose();
  model.dispose();
});

test('a target is refused without masks, and below the structure\'s floor', async () => {
  assert.throws(() => resolveStructure({ target: { macs: 0.5 }, masks: false }, 100), /^CgesError: a cost target needs masks/);
  assert.throws(() => resolveStructure({ target: { macs: 1 } }, 100), /target macs must be a fraction in \(0, 1\)/);
  const model = twoConvNet(1);
  await assert.rejects(train(options({ model, structure: { target: { params: 0.005 } } })),
    /target params 0.005 is below the smallest the structure allows, 0.01176 of the dense params/);
  model.dispose();
});

test('a deadline that passes with the target unmet starts fine-tuning but does not report it reached', () => {
  const model = twoConvNet(1);
  const regularizer = unitGroups('cges', 1e-4);
  // A state taken under a reachable target, continued under one below the floor (83 of 7,059 parameters).
  const saved = controlFor(model, regularizer, { target: { params: 0.5 }, finetune: 20 }).snapshot();
  const control = new StructureControl(model, regularizer.forModel(model),
    resolveStructure({ target: { params: 0.005 }, finetune: 20 }, 100), 100, 0.05, denseReference(model, false), saved);
  control.afterStep(model, 80);
  const state = control.snapshot();
  assert.equal(state.phase, 'finetune');
  assert.equal(state.reachedAtStep, null);
  assert.equal(compactedCost(model).params, 83, 'forced removal went down to one unit per layer');
  assert.deepEqual(state.forcedRemovals?.map((r) => [r.step, r.atDeadline]), [[80, true]]);
  model.dispose();
});
