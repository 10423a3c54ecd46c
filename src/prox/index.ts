// Public surface of the proximal operators. This folder imports tfjs-core, src/backend and src/util only.
export type { ExclusiveForm, Grouping } from './types.js';
export { EXCLUSIVE_FORMS, GROUPINGS } from './types.js';
export { groupProx } from './group_prox.js';
export { exclusiveProxOriginal } from './exclusive_prox.js';
export { exclusiveProxExact, exclusiveShrinkage } from './exclusive_prox_exact.js';
export { l1Prox } from './l1_prox.js';
export { cgesProx, exclusiveProx, type CgesProxOptions } from './cges_prox.js';
export { defaultChvar, layerCoefficients, layerScales, SEED_MNIST_SCALES, type LayerCoefficients, type ScheduleOptions } from './schedule.js';
export { matrixShape } from './kernel_matrix.js';
export {
  pressedUnitScales, referenceNorm, unitGroupProxInPlace, unitScales, unitSquaredNorms, type UnitGroupMatrices,
} from './unit_group_prox.js';
