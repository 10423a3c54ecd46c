// The Pareto front of accuracy against compacted MACs: the runs no other run beats on both (at most as
// many MACs and at least the accuracy, better on one). Sorted by MACs, so accuracy rises along it.
// src/report imports src/util, and types from src/train and src/compact, only; src/sweep chooses its trials by it.

export interface TradeoffPoint {
  /** Compacted MACs, as a share of the dense model's. */
  macs: number;
  accuracy: number;
}

function dominates(a: TradeoffPoint, b: TradeoffPoint): boolean {
  return a.macs <= b.macs && a.accuracy >= b.accuracy && (a.macs < b.macs || a.accuracy > b.accuracy);
}

/** Indices of the points on the front, by rising MACs (ties: equal points all stay). */
export function paretoFront(points: TradeoffPoint[]): number[] {
  const order = points.map((_, i) => i).sort((i, j) => points[i].macs - points[j].macs || points[j].accuracy - points[i].accuracy);
  const front: number[] = [];
  let best = Number.NEGATIVE_INFINITY;
  let last: TradeoffPoint | null = null;
  for (const i of order) {
    const point = points[i];
    // Sorted by MACs (then accuracy falling): a point is dominated exactly when an earlier one has at least its accuracy,
    // unless that one is equal to it.
    const equalToLast = last !== null && last.macs === point.macs && last.accuracy === point.accuracy;
    if (point.accuracy > best || equalToLast) {
      front.push(i);
      best = Math.max(best, point.accuracy);
      last = point;
    }
  }
  return front;
}

/** The quadratic reference: every pair compared. */
export function paretoFrontNaive(points: TradeoffPoint[]): number[] {
  return points.map((_, i) => i).filter((i) => !points.some((other) => dominates(other, points[i])))
    .sort((i, j) => points[i].macs - points[j].macs || points[j].accuracy - points[i].accuracy || i - j);
}
