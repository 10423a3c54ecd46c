// What a compaction report claims, worded once for the terminal (report.ts) and the run report
// (src/report). A model compaction did not change (no unit, filter or input channel removed, no input
// crop) runs the very kernels of the original, so any ratio of the two measured rates is noise (1.18x was
// once printed for identical models): it is worded "no change". Otherwise the ratio of the best rounds is
// written with the range of the per-round ratios, which shows how far the machine's load moved the
// measurement. Test accuracy is given before and after compaction, and before fine-tuning when the
// compacted model was fine-tuned.
// Imports nothing at run time (types only), so src/report uses it without loading TF.js.
import type { StageSummary } from './compact_model.js';
import type { CompactReport } from './report.js';
import type { ThroughputPair } from './throughput.js';

export const NO_CHANGE = 'no change';

/** The smallest and largest per-round ratio after_r / before_r. */
export interface SpeedupSpread {
  min: number;
  max: number;
}

/** A measured pair as compact.json holds it: files written before the rounds were kept have none. */
export type MeasuredPair = Pick<ThroughputPair, 'speedup'> &
  Partial<Pick<ThroughputPair, 'roundsBefore' | 'roundsAfter'>>;

/** Round r compares after_r with before_r (the two models ran back to back); null without rounds. */
export function speedupSpread(roundsBefore: readonly number[], roundsAfter: readonly number[]): SpeedupSpread | null {
  if (roundsBefore.length !== roundsAfter.length) {
    throw new Error(`${roundsBefore.length} rounds before but ${roundsAfter.length} after`);
  }
  if (roundsBefore.length === 0) return null;
  const ratios = roundsBefore.map((before, r) => roundsAfter[r] / before);
  return { min: Math.min(...ratios), max: Math.max(...ratios) };
}

/** The spread of a pair's rounds, or null when the pair has none. */
export function pairSpread(pair: MeasuredPair): SpeedupSpread | null {
  return speedupSpread(pair.roundsBefore ?? [], pair.roundsAfter ?? []);
}

/** "2.31x (2.05-2.48)": the ratio and the range of the per-round ratios; "2.31x" without a spread. */
export function speedupText(ratio: number, spread: SpeedupSpread | null): string {
  const times = (x: number) => x.toFixed(2);
  return spread === null ? `${times(ratio)}x` : `${times(ratio)}x (${times(spread.min)}-${times(spread.max)})`;
}

/** What a table says for one measured batch: NO_CHANGE for an unchanged model, else the ratio and spread. */
export function claimedSpeedup(pair: MeasuredPair, unchanged: boolean): string {
  return unchanged ? NO_CHANGE : speedupText(pair.speedup, pairSpread(pair));
}

/** Per-stage counts that tell whether compaction removed anything. */
export type StageCounts = Pick<StageSummary, 'unitsBefore' | 'unitsAfter' | 'inChannelsBefore' | 'inChannelsAfter'>;

/** True when compaction removed nothing: every stage keeps its units and input channels, and no input crop. */
export function compactionUnchanged(compaction: { stages: readonly StageCounts[]; inputCrop: unknown }): boolean {
  return compaction.inputCrop === null && compaction.stages.every((stage) =>
    stage.unitsAfter === stage.unitsBefore && stage.inChannelsAfter === stage.inChannelsBefore);
}

/** The accuracies a report holds; files written before fine-tuning existed have no testAccuracyBeforeFinetune. */
export type AccuracyClaims = Pick<CompactReport, 'testAccuracyBefore' | 'testAccuracyAfter' | 'unchanged'> &
  Partial<Pick<CompactReport, 'testAccuracyBeforeFinetune'>>;

const accuracyText = (a: number | null): string => (a === null ? '-' : `${(100 * a).toFixed(2)}%`);

/** [name, value] lines: test accuracy across compaction (and fine-tuning), and whether anything was removed. */
export function claimLines(claims: AccuracyClaims): [string, string][] {
  const [before, after] = [accuracyText(claims.testAccuracyBefore), accuracyText(claims.testAccuracyAfter)];
  const beforeFinetune = claims.testAccuracyBeforeFinetune ?? null;
  const accuracy: [string, string][] = beforeFinetune === null
    ? [['test accuracy', before === after ? before : `${before} -> ${after}`]]
    : [
      ['test accuracy before compaction', before],
      ['compacted, before fine-tuning', accuracyText(beforeFinetune)],
      ['after fine-tuning (final)', after],
    ];
  return claims.unchanged ? [...accuracy, ['compaction', 'removed nothing: the model is unchanged']] : accuracy;
}
