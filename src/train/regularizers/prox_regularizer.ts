// The proximal regularisers (l1, group, exclusive, cges): after each gradient step, every kernel l gets
// the map group -> exclusive -> l1 with thresholds eta * lambda * c_l, where the per-layer coefficients
// c_l come from the regulariser's schedule. This file decides only how strong; src/prox does the maths.
import type { RegularizedKernel } from '../../models/kernels.js';
import type { ExclusiveForm, Grouping } from '../../prox/index.js';
import { applyProx } from './apply_prox.js';
import { checkLearningRate } from './check_options.js';
import type { Regularizer, RegularizerName } from './types.js';

/** Per-layer multipliers of eta*lambda for each part of the proximal map. */
export interface ProxCoefficients {
  group: number;
  exclusive: number;
  l1: number;
}

export interface ProxRegularizerSettings {
  name: Exclude<RegularizerName, 'none' | 'l2'>;
  lambda: number;
  grouping: Grouping;
  exclusiveForm: ExclusiveForm;
  /** The coefficients of layers 0..numLayers-1; throws CgesError when the schedule does not fit. */
  coefficients: (numLayers: number) => ProxCoefficients[];
}

export class ProxRegularizer implements Regularizer {
  readonly name: ProxRegularizerSettings['name'];

  constructor(private readonly settings: ProxRegularizerSettings) {
    this.name = settings.name;
  }

  /** c_l for a model with numLayers regularised kernels. */
  coefficients(numLayers: number): ProxCoefficients[] {
    return this.settings.coefficients(numLayers);
  }

  lossTerm(): null {
    return null;
  }

  proxStep(kernels: RegularizedKernel[], eta: number): void {
    checkLearningRate(eta);
    if (kernels.length === 0) return;
    const { lambda, grouping, exclusiveForm } = this.settings;
    const strength = eta * lambda;
    this.coefficients(kernels.length).forEach((c, l) => {
      applyProx(kernels[l].variable, {
        group: strength * c.group,
        exclusive: strength * c.exclusive,
        l1: strength * c.l1,
        grouping,
        exclusiveForm,
        channelGroups: kernels[l].channelGroups,
      });
    });
  }
}
