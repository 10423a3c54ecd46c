// The regulariser contract the trainer and CgesCallback use. Regularisers are policy: they decide how
// strong each proximal step is on each kernel; the maths lives in src/prox.
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { RegularizedKernel } from '../../models/kernels.js';
import type { ExclusiveForm, Grouping } from '../../prox/index.js';

/**
 * How a regulariser groups weights: the prox groupings `input` (rows) and `output` (columns), or `unit`
 * (a unit's incoming column with its outgoing rows in the next layer: cges and group only).
 */
export type RegularizerGrouping = Grouping | 'unit';
export const REGULARIZER_GROUPINGS: readonly RegularizerGrouping[] = ['input', 'output', 'unit'];

export const REGULARIZER_NAMES = ['none', 'l2', 'l1', 'group', 'exclusive', 'cges'] as const;
export type RegularizerName = (typeof REGULARIZER_NAMES)[number];

export interface Regularizer {
  readonly name: RegularizerName;
  /** A term to add to the data loss inside the gradient scope, or null (only `l2` has one). */
  lossTerm(kernels: RegularizedKernel[], eta: number): tf.Scalar | null;
  /** The proximal step after the gradient step at learning rate eta; updates the kernels in place. */
  proxStep(kernels: RegularizedKernel[], eta: number): void;
  /** The regulariser to use on `model` (one that needs the model's structure binds to it); default: itself. */
  forModel?(model: tfl.LayersModel): Regularizer;
}

export interface RegularizerOptions {
  /** Overall strength lambda of the sparse regularisers (>= 0). */
  lambda: number;
  /** Group weight of the first layer in the CGES schedule, in [0, 1]. */
  mu: number;
  /** Change of the group weight per layer; default (2*mu - 1)/(L - 1). */
  chvar?: number;
  /** Per-layer group multipliers, one per regularised kernel; default all 1. */
  gscale?: readonly number[];
  /** Per-layer exclusive multipliers, one per regularised kernel; default all 1. */
  escale?: readonly number[];
  grouping: RegularizerGrouping;
  exclusiveForm: ExclusiveForm;
  /** Weight of the `l2` loss term eta * l2Weight * sum ||W||^2 / 2; default 0.01 (the original baseline). */
  l2Weight?: number;
}
