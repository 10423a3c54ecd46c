// Which output units of each stage die (the compaction rules of docs/cges-algorithm.md):
// - every weight leading out of the unit (its rows in the next stage, over the next stage's live units)
//   is zero: nothing downstream sees it;
// - every weight leading into it (its column, over live input channels) is zero: its output is the
//   constant act(bias), carried through the link, and is folded into the next stage's bias as
//   bias'[v] += k * sum_p W_next[p*C + u, v], when that is exact (see LayerSlicer.foldsConstantExactly)
//   or k == 0. Otherwise the unit stays.
// Removing units can empty other units' rows or columns, so the rules run to a fixed point.
// The last stage keeps all its units, as does any stage not linked to the next, and no stage is emptied.
import type { Chain } from './chain.js';
import { applyActivation, constantThrough } from './pass_through.js';
import type { StageWeights } from './stage_weights.js';

export interface StageDecision {
  keepIn: number[];
  keepOut: number[];
  /** Bias per original unit, with folded constants added (float64). */
  bias: Float64Array;
  /** Whether the compacted layer needs a bias (it had one, or a non-zero constant was folded in). */
  useBias: boolean;
  removedNoOutgoing: number;
  removedConstant: number;
  /** Units with no incoming weight that stay because folding their constant would not be exact. */
  keptNotFoldable: number;
}

function indicesOf(mask: boolean[]): number[] {
  return mask.flatMap((on, i) => (on ? [i] : []));
}

/** Whether all of unit u's weights into the live units of the next stage are zero. */
function noOutgoing(next: StageWeights, u: number, nextAlive: boolean[]): boolean {
  for (let row = u; row < next.rows; row += next.channels) {
    const base = row * next.cols;
    for (let v = 0; v < next.cols; v++) if (nextAlive[v] && next.kernel[base + v] !== 0) return false;
  }
  return true;
}

/** Whether all of unit u's weights from live input channels are zero. */
function noIncoming(w: StageWeights, u: number, inAlive: boolean[] | undefined): boolean {
  for (let row = 0; row < w.rows; row++) {
    if (inAlive !== undefined && !inAlive[row % w.channels]) continue;
    if (w.kernel[row * w.cols + u] !== 0) return false;
  }
  return true;
}

function foldConstant(next: StageWeights, u: number, k: number): void {
  for (let row = u; row < next.rows; row += next.channels) {
    const base = row * next.cols;
    for (let v = 0; v < next.cols; v++) next.bias[v] += k * next.kernel[base + v];
  }
}

export function decideUnits(chain: Chain, weights: StageWeights[]): StageDecision[] {
  const alive = weights.map((w) => new Array<boolean>(w.cols).fill(true));
  const inAlive = (i: number) => (i > 0 && chain.links[i - 1] !== undefined ? alive[i - 1] : undefined);
  const foldExact = chain.stages.map((stage) => stage.slicer.foldsConstantExactly(stage.layer));
  const folded = weights.map(() => false);
  const stats = weights.map(() => ({ removedNoOutgoing: 0, removedConstant: 0 }));

  /** The constant unit u of stage i outputs after the link, if its incoming weights are all zero. */
  const constantOf = (i: number, u: number, link: Chain['layers']): number | undefined => {
    if (!noIncoming(weights[i], u, inAlive(i))) return undefined;
    // The compacted layer stores its bias in float32, so evaluate the activation on that value.
    return constantThrough(link, applyActivation(weights[i].activation, Math.fround(weights[i].bias[u])));
  };

  for (let changed = true; changed;) {
    changed = false;
    for (let i = 0; i + 1 < weights.length; i++) {
      const link = chain.links[i];
      if (link === undefined) continue;
      for (let u = 0; u < weights[i].cols; u++) {
        if (!alive[i][u] || alive[i].filter(Boolean).length === 1) continue;
        if (noOutgoing(weights[i + 1], u, alive[i + 1])) {
          stats[i].removedNoOutgoing++;
        } else {
          const k = constantOf(i, u, link);
          if (k === undefined || (k !== 0 && !foldExact[i + 1])) continue;
          if (k !== 0) {
            foldConstant(weights[i + 1], u, k);
            folded[i + 1] = true;
          }
          stats[i].removedConstant++;
        }
        alive[i][u] = false;
        changed = true;
      }
    }
  }

  return weights.map((w, i) => {
    const link = chain.links[i];
    const keepOut = indicesOf(alive[i]);
    const keptNotFoldable = link === undefined ? 0 : keepOut.filter((u) => {
      const k = constantOf(i, u, link);
      return k !== undefined && k !== 0;
    }).length;
    return {
      keepIn: indicesOf(inAlive(i) ?? new Array<boolean>(w.channels).fill(true)),
      keepOut,
      bias: w.bias,
      useBias: w.hasBias || folded[i],
      ...stats[i],
      keptNotFoldable,
    };
  });
}
