// Validation of regulariser options and learning rates: every bad value is a CgesError naming it.
import { EXCLUSIVE_FORMS } from '../../prox/index.js';
import { CgesError } from '../../util/errors.js';
import { REGULARIZER_GROUPINGS, REGULARIZER_NAMES, type RegularizerName, type RegularizerOptions } from './types.js';

function checkNonNegative(value: unknown, name: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new CgesError(`${name} must be a finite number >= 0, got ${String(value)}`);
  }
}

export function checkRegularizerName(name: string): asserts name is RegularizerName {
  if (!(REGULARIZER_NAMES as readonly string[]).includes(name)) {
    throw new CgesError(`regularizer must be one of ${REGULARIZER_NAMES.join(', ')}, got "${name}"`);
  }
}

export function checkRegularizerOptions(options: RegularizerOptions): void {
  checkNonNegative(options.lambda, 'lambda');
  if (typeof options.mu !== 'number' || !(options.mu >= 0 && options.mu <= 1)) {
    throw new CgesError(`mu must be in [0, 1], got ${String(options.mu)}`);
  }
  if (options.chvar !== undefined && (typeof options.chvar !== 'number' || !Number.isFinite(options.chvar))) {
    throw new CgesError(`chvar must be a finite number, got ${String(options.chvar)}`);
  }
  if (!REGULARIZER_GROUPINGS.includes(options.grouping)) {
    throw new CgesError(`grouping must be one of ${REGULARIZER_GROUPINGS.join(', ')}, got ${String(options.grouping)}`);
  }
  if (!EXCLUSIVE_FORMS.includes(options.exclusiveForm)) {
    throw new CgesError(`exclusiveForm must be one of ${EXCLUSIVE_FORMS.join(', ')}, got ${String(options.exclusiveForm)}`);
  }
  if (options.l2Weight !== undefined) checkNonNegative(options.l2Weight, 'l2Weight');
  // The scales' length is checked against the model's layer count at the first step; the entries now.
  for (const name of ['gscale', 'escale'] as const) {
    const scales = options[name];
    if (scales === undefined) continue;
    if (!Array.isArray(scales)) throw new CgesError(`${name} must be an array of numbers`);
    scales.forEach((scale, l) => checkNonNegative(scale, `${name}[${l}]`));
  }
}

export function checkLearningRate(eta: number): void {
  if (typeof eta !== 'number' || !Number.isFinite(eta) || eta < 0) {
    throw new CgesError(`learning rate eta must be a finite number >= 0, got ${String(eta)}`);
  }
}
