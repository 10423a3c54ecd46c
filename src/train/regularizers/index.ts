// Public surface of the regularisers. src/train imports prox, models, data, backend and util.
export { REGULARIZER_GROUPINGS, REGULARIZER_NAMES, type RegularizerGrouping, type Regularizer, type RegularizerName, type RegularizerOptions } from './types.js';
export { makeRegularizer } from './make_regularizer.js';
export { L2Regularizer, DEFAULT_L2_WEIGHT } from './l2_regularizer.js';
export { ProxRegularizer, type ProxCoefficients } from './prox_regularizer.js';
export { applyProx, type KernelProx } from './apply_prox.js';
export { CgesCallback, type CgesCallbackOptions } from './cges_callback.js';
export { type CgesCallbackState } from './callback_state.js';
export { UnitGroupRegularizer, type UnitGroupControl, type UnitGroupSettings } from './unit_group_regularizer.js';
