// How the report writes numbers, the same in the HTML and on the terminal.
// src/report imports src/util, src/compact/claims.ts (no TF.js), and types from src/train and src/compact, only.
import { NO_CHANGE, speedupText, type SpeedupSpread } from '../compact/claims.js';
import type { SettingValue } from './run_record.js';

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
