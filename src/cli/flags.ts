// Parsing of command-line values: every bad value is a CgesError naming its flag and quoting the input.
import { CgesError } from '../util/errors.js';

function bad(flag: string, raw: string, what: string): CgesError {
  return new CgesError(`${flag} must be ${what}, got "${raw}"`);
}

/** A finite number; `min`/`max` are inclusive bounds. */
export function parseNumber(flag: string, raw: string, bounds: { min?: number; max?: number } = {}): number {
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  const { min, max } = bounds;
  const range = min !== undefined && max !== undefined ? ` in [${min}, ${max}]`
    : min !== undefined ? ` >= ${min}` : max !== undefined ? ` <= ${max}` : '';
  if (!Number.isFinite(value) || (min !== undefined && value < min) || (max !== undefined && value > max)) {
    throw bad(flag, raw, `a number${range}`);
  }
  return value;
}

export function parsePositiveNumber(flag: string, raw: string): number {
  const value = parseNumber(flag, raw);
  if (value <= 0) throw bad(flag, raw, 'a number > 0');
  return value;
}

export function parsePositiveInteger(flag: string, raw: string): number {
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw bad(flag, raw, 'a positive integer');
  return value;
}

export function parseInteger(flag: string, raw: string): number {
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!Number.isSafeInteger(value)) throw bad(flag, raw, 'an integer');
  return value;
}

/** Comma-separated non-negative numbers, e.g. "1,1,0.0667,0.0069". */
export function parseNumberList(flag: string, raw: string): number[] {
  return raw.split(',').map((part) => {
    const value = part.trim() === '' ? Number.NaN : Number(part);
    if (!Number.isFinite(value) || value < 0) throw bad(flag, raw, 'comma-separated numbers >= 0');
    return value;
  });
}

/** One of `choices`, or the choice an older name in `aliases` stands for. */
export function parseChoice<T extends string>(
  flag: string, raw: string, choices: readonly T[], aliases: Readonly<Record<string, T>> = {},
): T {
  const choice = choices.find((name) => name === raw) ?? (Object.hasOwn(aliases, raw) ? aliases[raw] : undefined);
  if (choice === undefined) throw bad(flag, raw, `one of ${choices.join(', ')}`);
  return choice;
}
