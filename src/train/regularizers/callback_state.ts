// What a CgesCallback needs to go on where a fit stopped, as plain JSON: the global step, the dropout
// generator's position, and the structure control's state in the form `cges train`'s checkpoint stores
// it (ControlState: phase, strength, kept shares, target reached, forced units, masks, dense cost).
// A state read back from disk is checked against the model it is to continue before any of it is used,
// so that a state from another model, or from a fit with other options, fails with a clear error.
import type * as tfl from '@tensorflow/tfjs-layers';
import { countMacs } from '../../models/macs.js';
import { unitFamilies } from '../../structure/unit_families.js';
import { CgesError } from '../../util/errors.js';
import type { RngState } from '../rng.js';
import type { ControlState } from '../structure_control.js';

export interface CgesCallbackState {
  /** The global step of the next batch. */
  step: number;
  /** The dropout generator's position, when the fit had a `seed`. */
  dropoutRng?: RngState;
  /** The structure control's state, when the fit had `structure`. */
  control?: ControlState;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The masks name units of the model's families (a chain's by producing layer) and index. */
function checkMasks(model: tfl.LayersModel, masks: unknown): void {
  if (!isRecord(masks)) throw new CgesError('resume: control.masks must be an object of unit lists by layer');
  // Input features (or pixels) are a family only when the fit prunes (or crops) them; a state may name them either way.
  const families = [...unitFamilies(model, { pruneInputs: true }), ...unitFamilies(model, { cropInput: true })];
  const units = new Map(families.map((family) => [family.key, family.units]));
  for (const [layer, masked] of Object.entries(masks)) {
    const count = units.get(layer);
    if (count === undefined) {
      throw new CgesError(`resume: the state masks units of layer "${layer}", which model "${model.name}" has no removable units in ` +
        '(a rebuilt model needs the same layer names)');
    }
    if (!Array.isArray(masked) || !masked.every((u) => Number.isInteger(u) && u >= 0 && u < count)) {
      throw new CgesError(`resume: the masked units of layer "${layer}" must be integers in [0, ${count})`);
    }
  }
}

function checkControl(model: tfl.LayersModel, control: unknown): void {
  if (!isRecord(control)) throw new CgesError('resume: control must be an object');
  if (control.phase !== 'sparsify' && control.phase !== 'finetune') {
    throw new CgesError(`resume: control.phase must be "sparsify" or "finetune", got ${JSON.stringify(control.phase)}`);
  }
  if (typeof control.strength !== 'number' || !(control.strength > 0) || !Number.isFinite(control.strength)) {
    throw new CgesError(`resume: control.strength must be a positive number, got ${String(control.strength)}`);
  }
  // model.fit never changes the model's shapes, so the dense cost the state was made with is this model's.
  const macs = countMacs(model).total;
  if (!isRecord(control.dense) || control.dense.macs !== macs) {
    const saved = isRecord(control.dense) ? String(control.dense.macs) : 'no';
    throw new CgesError(`resume: the state belongs to a model of ${saved} MACs, model "${model.name}" has ${macs}`);
  }
  checkMasks(model, control.masks);
}

/**
 * Checks that `state` (e.g. parsed from JSON) can continue a fit of `model` with or without `structure`
 * and `seed` as given; throws a CgesError naming what does not fit.
 */
export function checkCallbackState(
  model: tfl.LayersModel, state: unknown, options: { structure: boolean; seed: boolean },
): asserts state is CgesCallbackState {
  if (!isRecord(state)) throw new CgesError('resume must be a state from callback.state()');
  if (!Number.isSafeInteger(state.step) || (state.step as number) < 0) {
    throw new CgesError(`resume: step must be an integer >= 0, got ${String(state.step)}`);
  }
  if (options.seed && state.dropoutRng === undefined) {
    throw new CgesError('resume: the state has no dropout generator (its fit had no seed), so a seed cannot replay its masks');
  }
  if (options.structure !== (state.control !== undefined)) {
    throw new CgesError(options.structure
      ? 'resume: the state has no structure control (its fit had no structure)'
      : 'resume: the state holds a structure control; give the structure options of the fit it comes from');
  }
  if (state.control !== undefined) checkControl(model, state.control);
}
