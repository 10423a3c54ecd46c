// The per-layer CGES coefficients: how strong group and exclusive sparsity are in layer l = 0..L-1.
//   cG_l = (mu - l*chvar) * gscale_l          cE_l = ((1 - mu) + l*chvar) * escale_l
// chvar defaults to (2*mu - 1)/(L - 1), which moves the group weight from mu in the first layer to
// 1 - mu in the last (0.2 for the original mu = 0.8 and L = 4). Lower layers share features, so they
// get more group sparsity; upper layers get more exclusive sparsity.
import { CgesError } from '../util/errors.js';

export interface LayerCoefficients {
  /** cG_l, multiplied by eta*lambda to give the group threshold. */
  group: number;
  /** cE_l, multiplied by eta*lambda to give the exclusive threshold. */
  exclusive: number;
}

export interface ScheduleOptions {
  numLayers: number;
  /** Group weight of the first layer, in [0, 1]. */
  mu: number;
  /** Change of the group weight per layer; default (2*mu - 1)/(L - 1), or 0 when L = 1. */
  chvar?: number;
  /** Per-layer group multipliers (length L); default all 1. */
  gscale?: readonly number[];
  /** Per-layer exclusive multipliers (length L); default all 1. */
  escale?: readonly number[];
}

/** The original code's hard-coded scales for its 4-layer MNIST network. */
export const SEED_MNIST_SCALES = {
  gscale: [1, 1, 1 / 15, 1 / 144],
  escale: [1, 0.5, 15, 144],
} as const satisfies { gscale: readonly number[]; escale: readonly number[] };

export function defaultChvar(mu: number, numLayers: number): number {
  return numLayers > 1 ? (2 * mu - 1) / (numLayers - 1) : 0;
}

export function layerCoefficients(options: ScheduleOptions): LayerCoefficients[] {
  const { numLayers, mu } = options;
  if (!Number.isInteger(numLayers) || numLayers < 1) {
    throw new CgesError(`numLayers must be a positive integer, got ${String(numLayers)}`);
  }
  if (typeof mu !== 'number' || !(mu >= 0 && mu <= 1)) throw new CgesError(`mu must be in [0, 1], got ${String(mu)}`);
  const chvar = options.chvar ?? defaultChvar(mu, numLayers);
  if (typeof chvar !== 'number' || !Number.isFinite(chvar)) {
    throw new CgesError(`chvar must be a finite number, got ${String(chvar)}`);
  }
  const gscale = layerScales(options.gscale, 'gscale', numLayers);
  const escale = layerScales(options.escale, 'escale', numLayers);
  return gscale.map((g, l) => {
    const groupWeight = mu - l * chvar;
    const exclusiveWeight = 1 - mu + l * chvar;
    if (groupWeight < -1e-12 || exclusiveWeight < -1e-12) {
      throw new CgesError(`chvar ${chvar} with mu ${mu} gives layer ${l} a negative coefficient`);
    }
    // Clamp the rounding dust of e.g. 0.8 - 3*0.2 - ... at the end of the schedule.
    return { group: Math.max(0, groupWeight) * g, exclusive: Math.max(0, exclusiveWeight) * escale[l] };
  });
}

/** The per-layer multipliers `name` checked against the layer count, or all 1 when not given. */
export function layerScales(scales: readonly number[] | undefined, name: string, numLayers: number): readonly number[] {
  if (scales === undefined) return new Array<number>(numLayers).fill(1);
  if (!Array.isArray(scales) || scales.length !== numLayers) {
    throw new CgesError(`${name} must have one entry per regularised layer (${numLayers}), got ${String(scales?.length)}`);
  }
  scales.forEach((s, l) => {
    if (typeof s !== 'number' || !Number.isFinite(s) || s < 0) {
      throw new CgesError(`${name}[${l}] must be a finite number >= 0, got ${String(s)}`);
    }
  });
  return scales;
}
