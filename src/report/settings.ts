// Which of a run's settings the report shows: everything that shaped the result, and of the regulariser's
// settings only those its regulariser reads (src/train/regularizers/make_regularizer.ts), so an L2 run
// does not seem to have been trained with lambda and mu.
// src/report imports src/util, and types from src/train and src/compact, only.
import { DASH, setting } from './format.js';
import type { SettingValue } from './run_record.js';

/** Where the run was written and whether it replaced another say nothing about the result. */
const NOT_SHOWN = new Set(['out', 'force']);

const USED_BY: Record<string, readonly string[]> = {
  lambda: ['l1', 'group', 'exclusive', 'cges'],
  mu: ['cges'],
  chvar: ['cges'],
  gscale: ['group', 'cges'],
  escale: ['exclusive', 'cges'],
  exclusiveForm: ['exclusive', 'cges'],
};

export function settingUsed(reg: string, key: string): boolean {
  return USED_BY[key]?.includes(reg) ?? true;
}

/** One setting as shown, DASH when the run's regulariser does not read it. */
export function settingText(config: Record<string, SettingValue>, key: string): string {
  return settingUsed(String(config.reg), key) ? setting(config[key]) : DASH;
}

/** [name, value] of the settings worth showing, in the order the run wrote them. */
export function shownSettings(config: Record<string, SettingValue>): [string, string][] {
  const reg = String(config.reg);
  return Object.entries(config)
    .filter(([key]) => !NOT_SHOWN.has(key) && settingUsed(reg, key))
    .map(([key, value]) => [key, setting(value)]);
}
