// Group proximal map over units (the (2,1)-norm with one group per unit of a layer), for turning group
// sparsity into structure compaction can remove. Unit u of a layer is every weight that goes when u goes:
// its incoming column u of W_in and its outgoing rows p*units + u of the next layer's W_out:
//   g_u <- max(0, 1 - t / ||g_u||_2) * g_u,   t = eta * lambda * c (per layer pair).
// W_in: the producing layer's kernel as [rowsIn, units] (dense [in, units], conv [kh*kw*in, units]).
// W_out: the consuming layer's kernel as [P * units, colsOut], input channel fastest (dense after a
//        flatten of an NHWC map: P = H*W; conv: P = kh*kw; dense after dense: P = 1).
// A zero group stays zero and a NaN group stays NaN, as in groupProx. Runs on host arrays in place,
// norms summed in float64.
// Reweighted (adaptive group lasso, power 2) about the units a target keeps: with `keep` of the layer's
// live units to stay, the weakest live - keep are pressed and the strongest of them sets the reference,
//   t_u = t * (m / ||g_u||)^2  for ||g_u|| <= m,   0 above,
// m the norm of the (live - keep)-th weakest live unit, so the pressed units get at least t and go one
// after another in order of weakness, while the units to stay are not pressed and learn as without the
// term. As pressed units go fewer are pressed: once live <= keep, m = 0 and nothing is, so the prox never
// takes a layer below `keep`.
import { CgesError } from '../util/errors.js';

export interface UnitGroupMatrices {
  /** W_in values, row-major [rowsIn, units]. */
  wIn: Float32Array;
  /** W_out values, row-major [P * units, colsOut]. */
  wOut: Float32Array;
  units: number;
  colsOut: number;
}

/** ||g_u||^2 of every unit, in float64. */
export function unitSquaredNorms({ wIn, wOut, units, colsOut }: UnitGroupMatrices): Float64Array {
  const squares = new Float64Array(units);
  for (let i = 0; i < wIn.length; i++) squares[i % units] += wIn[i] * wIn[i];
  const rowsOut = colsOut === 0 ? 0 : wOut.length / colsOut;
  for (let row = 0; row < rowsOut; row++) {
    const u = row % units;
    const base = row * colsOut;
    let sum = 0;
    for (let v = 0; v < colsOut; v++) sum += wOut[base + v] * wOut[base + v];
    squares[u] += sum;
  }
  return squares;
}

/** The reweighting reference m: the norm of the (live - keep)-th weakest live unit, 0 if live <= keep. */
export function referenceNorm(norms: ArrayLike<number>, keep: number): number {
  const live = Float64Array.from(norms).filter((norm) => norm > 0).sort();
  const pressed = live.length - keep;
  return pressed <= 0 ? 0 : live[pressed - 1];
}

function checkMatrices(m: UnitGroupMatrices): void {
  const { wIn, wOut, units, colsOut } = m;
  if (!Number.isSafeInteger(units) || units <= 0 || wIn.length % units !== 0) {
    throw new CgesError(`unitGroupProx: ${wIn.length} incoming weights do not split into ${units} units`);
  }
  if (!Number.isSafeInteger(colsOut) || colsOut <= 0 || wOut.length % (units * colsOut) !== 0) {
    throw new CgesError(`unitGroupProx: ${wOut.length} outgoing weights are not [P * ${units}, ${colsOut}]`);
  }
}

function checkThreshold(threshold: number): void {
  if (!Number.isFinite(threshold) || threshold < 0) {
    throw new CgesError(`unitGroupProx: threshold must be a finite number >= 0, got ${threshold}`);
  }
}

/** max(0, 1 - t / norm), dividing only when norm > t >= 0: a zero group gets 0, threshold 0 gives exactly 1. */
function shrinkFactor(norm: number, t: number): number {
  if (Number.isNaN(norm)) return Number.NaN;
  return norm > t ? 1 - t / norm : 0;
}

/**
 * The factor each unit group's weights are multiplied by: max(0, 1 - t_u / ||g_u||) with t_u the
 * threshold, reweighted about the `keep` strongest live units when given. `norms` are the groups' l2 norms.
 */
export function unitScales(norms: Float64Array, threshold: number, keep?: number): Float64Array {
  checkThreshold(threshold);
  if (keep !== undefined && !(Number.isSafeInteger(keep) && keep >= 0)) {
    throw new CgesError(`unitGroupProx: the units kept must be an integer >= 0, got ${keep}`);
  }
  if (keep === undefined) return norms.map((norm) => shrinkFactor(norm, threshold));
  const reference = referenceNorm(norms, keep);
  // Reweighted, a unit stronger than the reference is one the target keeps: it is not pressed.
  return pressedUnitScales(norms, threshold, (u) => norms[u] > 0 && norms[u] <= reference);
}

/**
 * unitScales reweighted about a chosen set of units to press instead of the weakest: `pressed(u)` says
 * which (units whose removal saves only together, such as an image's border lines); the reference m is
 * the strongest pressed unit's norm, t_u = t * (m / ||g_u||)^2 for those and 0 for the rest.
 */
export function pressedUnitScales(norms: Float64Array, threshold: number, pressed: (u: number) => boolean): Float64Array {
  checkThreshold(threshold);
  let reference = 0;
  norms.forEach((norm, u) => { if (pressed(u) && norm > reference) reference = norm; });
  return norms.map((norm, u) => shrinkFactor(norm, pressed(u) && norm > 0 ? threshold * (reference / norm) ** 2 : 0));
}

/**
 * Shrinks every unit group of `m` in place by `threshold` in l2 norm (reweighted about the `keep`
 * strongest live units when given); returns each unit's scale factor (0 for a unit now removed).
 */
export function unitGroupProxInPlace(m: UnitGroupMatrices, threshold: number, keep?: number): Float64Array {
  checkMatrices(m);
  const scales = unitScales(unitSquaredNorms(m).map(Math.sqrt), threshold, keep);
  const { wIn, wOut, units, colsOut } = m;
  for (let i = 0; i < wIn.length; i++) wIn[i] *= scales[i % units];
  for (let i = 0; i < wOut.length; i++) wOut[i] *= scales[Math.floor(i / colsOut) % units];
  return scales;
}
