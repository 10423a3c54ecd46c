// CGES with unit groups (`grouping: 'unit'`): the group term acts on whole units, each unit being every
// weight that goes with it (src/structure/unit_families.ts: on a chain its incoming column and its
// outgoing rows in the next layer; on any other model its channel set's filters, BatchNorm entries and
// readers' rows), so a group the prox zeroes is a unit compaction removes; the exclusive term stays per kernel row as in the
// original, making the units compete for each input. Thresholds per step:
//   unit groups of family l: eta * lambda * strength * cG_l * sqrt(|g_l|)   (|g_l| of the unshrunk model)
//   rows of kernel l:        eta * lambda * cE_l                       (exclusive, not scaled by strength)
// sqrt(|g|) is the usual group-lasso normalisation, which keeps groups of different sizes comparable;
// `strength` and the per-layer weights w_l are what a cost target's controller sets. Under a controller
// w_l is the share of the layer's units the target keeps: the unit thresholds are reweighted about the
// round(w_l * units) strongest (unit_group_prox.ts), so the weakest of the rest go one after another
// while the kept ones are barely touched, and a layer with no more live units than it keeps is not
// pressed at all.
// The exclusive term does not remove structure, so the controller leaves it at lambda.
// A regulariser of this kind belongs to one model: forModel() binds it (and rebinds it after a shrink).
import type * as tfl from '@tensorflow/tfjs-layers';
import type { RegularizedKernel } from '../../models/kernels.js';
import { layerCoefficients, type ExclusiveForm, type ScheduleOptions } from '../../prox/index.js';
import { unitFamilies, type FamilyOptions, type UnitFamily } from '../../structure/unit_families.js';
import { CgesError } from '../../util/errors.js';
import { familyProx } from '../unit_weights.js';
import { applyProx } from './apply_prox.js';
import { checkLearningRate } from './check_options.js';
import type { Regularizer } from './types.js';

export interface UnitGroupSettings extends Omit<ScheduleOptions, 'numLayers'> {
  /** cges, or group (every layer's weight on the group term). */
  name: 'cges' | 'group';
  lambda: number;
  exclusiveForm: ExclusiveForm;
}

/** What a cost target's controller steers: shared by every binding of one regulariser. */
export interface UnitGroupControl {
  /** Multiplier of lambda in the group term (1 without a controller). */
  strength: number;
  /**
   * Weight w_l per family, in unitFamilies order; undefined means all 1. Reweighted, the share of the
   * family's units the target keeps (cost_target.ts keptShares).
   */
  keptShares?: number[];
  /** Reweight unit thresholds by the units' norms about the units w_l keeps (adaptive group lasso). */
  reweighted?: boolean;
  /**
   * |g| per family for the sqrt(|g|) normalisation: the sizes of the model the run started from, so
   * that a shrunk model is regularised as the masked one it replaces; undefined means the bound model's.
   */
  groupSizes?: number[];
  /** Which families the model has (its input features too?), as the structure control says. */
  families?: FamilyOptions;
}

/** The unit-group threshold of one family: eta * lambda * strength * cG_l * sqrt(|g|). */
export function unitThreshold(
  eta: number, lambda: number, strength: number, groupCoefficient: number, family: Pick<UnitFamily, 'groupSize'>,
  groupSize = family.groupSize,
): number {
  return eta * lambda * strength * groupCoefficient * Math.sqrt(groupSize);
}

/** The units a kept share w of a family stands for. */
export function keptUnits(share: number, family: Pick<UnitFamily, 'units'>): number {
  return Math.round(share * family.units);
}

export class UnitGroupRegularizer implements Regularizer {
  readonly name: UnitGroupSettings['name'];
  private families: UnitFamily[] | undefined;

  constructor(
    readonly settings: UnitGroupSettings,
    readonly control: UnitGroupControl = { strength: 1 },
    private readonly model?: tfl.LayersModel,
  ) {
    this.name = settings.name;
    this.model = model;
  }

  /** This regulariser bound to `model`, sharing its settings and control. */
  forModel(model: tfl.LayersModel): UnitGroupRegularizer {
    return new UnitGroupRegularizer(this.settings, this.control, model);
  }

  /** The unit families of the bound model, found at the first step (after the control says what they are). */
  boundFamilies(): UnitFamily[] {
    if (this.model === undefined) {
      throw new CgesError('grouping "unit" needs the model: bind the regulariser with forModel(model) first');
    }
    this.families ??= unitFamilies(this.model, this.control.families);
    return this.families;
  }

  lossTerm(): null {
    return null;
  }

  proxStep(kernels: RegularizedKernel[], eta: number): void {
    checkLearningRate(eta);
    if (kernels.length === 0) return;
    const { lambda, mu, chvar, gscale, escale, exclusiveForm } = this.settings;
    const coefficients = layerCoefficients({ numLayers: kernels.length, mu, chvar, gscale, escale });
    const layerIndex = new Map(kernels.map((kernel) => [kernel.layer, kernel.index]));
    const families = this.boundFamilies();
    const { groupSizes } = this.control;
    if (groupSizes !== undefined && groupSizes.length !== families.length) {
      throw new CgesError(`the control holds ${groupSizes.length} group sizes for ${families.length} unit families`);
    }
    families.forEach((family, k) => {
      const l = layerIndex.get(family.layer);
      if (l === undefined) throw new CgesError(`layer ${family.layer.name} is not among the regularised kernels`);
      const share = this.control.keptShares?.[k] ?? 1;
      const reweighted = this.control.reweighted ?? false;
      // Reweighted, the kept share says which units to press, not how hard.
      const threshold = (reweighted ? 1 : share) *
        unitThreshold(eta, lambda, this.control.strength, coefficients[l].group, family, groupSizes?.[k]);
      if (threshold === 0) return;
      familyProx(family, threshold, reweighted ? keptUnits(share, family) : undefined);
    });
    kernels.forEach((kernel, l) => {
      applyProx(kernel.variable, {
        group: 0, exclusive: eta * lambda * coefficients[l].exclusive, l1: 0, grouping: 'input', exclusiveForm,
      });
    });
  }
}
