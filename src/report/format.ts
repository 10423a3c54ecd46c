// How the report writes numbers, the same in the HTML and on the terminal.
// src/report imports src/util, src/compact/claims.ts (no TF.js), and types from src/train and src/compact, only.
import { NO_CHANGE, speedupText, type SpeedupSpread } from '../compact/claims.js';
import type { CostTarget, SettingValue } from './run_record.js';

export const DASH = '-';

export function percent(fraction: number | null, digits = 2): string {
  return fraction === null ? DASH : `${(100 * fraction).toFixed(digits)}%`;
}

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** A speed-up with its spread; NO_CHANGE when compaction removed nothing, DASH when none was measured. */
export function speedup(ratio: number | null, spread: SpeedupSpread | null, unchanged: boolean): string {
  if (unchanged) return NO_CHANGE;
  return ratio === null ? DASH : speedupText(ratio, spread);
}

/** A share as people write targets: "20%", "12.5%". */
function targetShare(fraction: number): string {
  return `${Number((100 * fraction).toFixed(1))}%`;
}

/** "MACs 20%, reached at 1,400", "MACs 20%, params 10%, missed"; DASH without a target. */
export function targetText(target: CostTarget | undefined): string {
  if (target === undefined) return DASH;
  const parts = [['MACs', target.macs], ['params', target.params]] as const;
  const goals = parts.flatMap(([name, share]) => (share === null ? [] : [`${name} ${targetShare(share)}`]));
  if (goals.length === 0) return DASH;
  const outcome = target.reachedAtStep === null ? 'missed' : `reached at ${count(target.reachedAtStep)}`;
  return `${goals.join(', ')}, ${outcome}`;
}

/** "before -> after", or one value when nothing changed. */
export function change(before: string, after: string): string {
  return before === after ? before : `${before} -> ${after}`;
}

export function shape(dims: number[]): string {
  return dims.length === 0 ? DASH : dims.join('x');
}

export function setting(value: SettingValue | undefined): string {
  if (value === undefined || value === null) return DASH;
  return Array.isArray(value) ? value.map((v) => String(v)).join(', ') : String(value);
}
