// makeRegularizer: the regulariser of a name, with its per-layer schedule.
//   none: nothing;  l2: loss term only;  l1: soft threshold eta*lambda;
//   group: group prox eta*lambda*gscale_l;  exclusive: exclusive prox eta*lambda*escale_l;
//   cges: group prox eta*lambda*cG_l, then exclusive prox eta*lambda*cE_l (src/prox/schedule.ts).
import { layerCoefficients, layerScales } from '../../prox/index.js';
import { checkRegularizerName, checkRegularizerOptions } from './check_options.js';
import { DEFAULT_L2_WEIGHT, L2Regularizer } from './l2_regularizer.js';
import { UnitGroupRegularizer } from './unit_group_regularizer.js';
import { CgesError } from '../../util/errors.js';
import { ProxRegularizer, type ProxCoefficients } from './prox_regularizer.js';
import type { Regularizer, RegularizerName, RegularizerOptions } from './types.js';

const NO_REGULARIZER: Regularizer = {
  name: 'none',
  lossTerm: () => null,
  proxStep: () => {},
};

function scheduleOf(name: 'l1' | 'group' | 'exclusive' | 'cges', options: RegularizerOptions):
  (numLayers: number) => ProxCoefficients[] {
  switch (name) {
    case 'l1':
      return (numLayers) => Array.from({ length: numLayers }, () => ({ group: 0, exclusive: 0, l1: 1 }));
    case 'group':
      return (numLayers) => layerScales(options.gscale, 'gscale', numLayers).map((g) => ({ group: g, exclusive: 0, l1: 0 }));
    case 'exclusive':
      return (numLayers) => layerScales(options.escale, 'escale', numLayers).map((e) => ({ group: 0, exclusive: e, l1: 0 }));
    case 'cges':
      return (numLayers) => layerCoefficients({ ...options, numLayers }).map((c) => ({ ...c, l1: 0 }));
  }
}

/** The regulariser `name` (one of REGULARIZER_NAMES); options are validated here, scale lengths at the first step. */
export function makeRegularizer(name: RegularizerName, options: RegularizerOptions): Regularizer {
  checkRegularizerName(name);
  checkRegularizerOptions(options);
  switch (name) {
    case 'none':
      return NO_REGULARIZER;
    case 'l2':
      return new L2Regularizer(options.l2Weight ?? DEFAULT_L2_WEIGHT);
    default: {
      const { grouping } = options;
      if (grouping === 'unit') return unitGroupRegularizer(name, options);
      return new ProxRegularizer({
        name,
        lambda: options.lambda,
        grouping,
        exclusiveForm: options.exclusiveForm,
        coefficients: scheduleOf(name, options),
      });
    }
  }
}

/** Unit groups: cges as given; group is cges with every layer's weight on the group term (mu 1, chvar 0). */
function unitGroupRegularizer(name: 'l1' | 'group' | 'exclusive' | 'cges', options: RegularizerOptions): Regularizer {
  if (name !== 'cges' && name !== 'group') {
    throw new CgesError(`grouping "unit" works with the cges and group regularisers, not ${name}`);
  }
  const { lambda, mu, chvar, gscale, escale, exclusiveForm } = options;
  return new UnitGroupRegularizer(name === 'cges'
    ? { name, lambda, mu, chvar, gscale, escale, exclusiveForm }
    : { name, lambda, mu: 1, chvar: 0, gscale, exclusiveForm });
}
