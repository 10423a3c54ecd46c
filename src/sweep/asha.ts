// Asynchronous successive halving (ASHA; Li et al., "A System for Massively Parallel Hyperparameter Tuning",
// MLSys 2020), the decisions alone: which trials go on past a rung and which stop there. Pure: no files,
// no processes (early_stop.ts runs it).
// A rung is a step every trial of a group pauses at; trials are compared there by validation accuracy. A
// trial is promoted as soon as it ranks in the top floor(n / eta) of the n trials of its group that have
// reached the rung so far, so a worker never waits for a rung to fill. Once every trial of the group still
// in the race has reached the rung, the rung is complete: the top max(1, floor(n / eta)) go on (so one at
// least finishes), and the others, never promoted, stop there for good. A trial promoted early stays promoted
// even if later ones outrank it (ASHA's trade for never waiting).

export interface AshaTrial {
  name: string;
  /** Trials are compared only with those of their group (the same cost target and budget). */
  group: string;
  /** Validation accuracy at each rung reached, rung 0 first. */
  accuracies: number[];
  /** Rungs it has been promoted past: it runs to rung `promoted` (or to the end when past the last one). */
  promoted: number;
  /** Stopped early at an earlier decision: out of the race. */
  stopped: boolean;
}

export interface RungEntry {
  name: string;
  accuracy: number;
  promoted: boolean;
}

/**
 * One rung's decision over the trials that reached it (in the sweep's order, which breaks ties in accuracy):
 * the names to promote now and, once the rung is `complete`, the names that stop there.
 */
export function rungDecision(reached: RungEntry[], eta: number, complete: boolean): { promote: string[]; stop: string[] } {
  const ranked = [...reached].sort((a, b) => b.accuracy - a.accuracy);
  const top = Math.floor(reached.length / eta);
  const kept = complete ? Math.max(1, top) : top;
  const promote = ranked.slice(0, kept).filter((entry) => !entry.promoted).map((entry) => entry.name);
  const stop = complete ? ranked.slice(kept).filter((entry) => !entry.promoted).map((entry) => entry.name) : [];
  return { promote, stop };
}

export interface AshaDecisions {
  /** The trial goes on from rung `rung` to the next rung (or to the end). */
  promote: { name: string; rung: number }[];
  /** The trial stops at rung `rung`. */
  stop: { name: string; rung: number }[];
}

/**
 * Every decision due now over `trials`, rung by rung within each group (a stop at one rung can complete the
 * next), with `rungs` rungs and reduction factor `eta`. Decisions already taken are not repeated.
 */
export function ashaDecisions(trials: AshaTrial[], rungs: number, eta: number): AshaDecisions {
  const decisions: AshaDecisions = { promote: [], stop: [] };
  const groups = new Map<string, AshaTrial[]>();
  for (const trial of trials) groups.set(trial.group, [...(groups.get(trial.group) ?? []), { ...trial }]);
  for (const group of groups.values()) {
    for (let rung = 0; rung < rungs; rung++) {
      const reached = group.filter((trial) => trial.accuracies.length > rung);
      // A trial past the rung without a figure there (it finished before early stopping was asked for) is not waited for.
      const complete = group.every((trial) => trial.stopped || trial.accuracies.length > rung || trial.promoted > rung);
      const entries = reached.map((trial) => ({ name: trial.name, accuracy: trial.accuracies[rung], promoted: trial.promoted > rung || trial.stopped }));
      const { promote, stop } = rungDecision(entries, eta, complete);
      for (const trial of group) {
        if (promote.includes(trial.name)) {
          trial.promoted = rung + 1;
          decisions.promote.push({ name: trial.name, rung });
        } else if (stop.includes(trial.name)) {
          trial.stopped = true;
          decisions.stop.push({ name: trial.name, rung });
        }
      }
    }
  }
  return decisions;
}
