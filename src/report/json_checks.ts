// Checked reads of parsed JSON: each failure is a CgesError naming the file and the field at fault, so a
// hand-edited or half-written run file is reported where it is wrong instead of drawing a broken chart.
// src/report imports src/util, and types from src/train and src/compact, only.
import { existsSync, readFileSync } from 'node:fs';
import { CgesError } from '../util/errors.js';

export type JsonObject = Record<string, unknown>;

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** The path of a field in messages; '' is the file's top-level object. */
function at(where: string, key: string): string {
  return where === '' ? key : `${where}.${key}`;
}

export class JsonChecks {
  /** `file` is how the messages name the file, e.g. "runs/a/summary.json". */
  constructor(readonly file: string) {}

  fail(what: string): CgesError {
    return new CgesError(`${this.file}: ${what}`);
  }

  object(value: unknown, where: string): JsonObject {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw this.fail(`${where} is not an object`);
    }
    return value as JsonObject;
  }

  array(value: unknown, where: string): unknown[] {
    if (!Array.isArray(value)) throw this.fail(`${where} is not an array`);
    return value;
  }

  /** A finite number: NaN and Infinity cannot come out of JSON, but a string or null can. */
  number(parent: JsonObject, key: string, where: string): number {
    const value = parent[key];
    if (!isFiniteNumber(value)) throw this.fail(`${at(where, key)} is missing or not a number`);
    return value;
  }

  numberOrNull(parent: JsonObject, key: string, where: string): number | null {
    return parent[key] === null ? null : this.number(parent, key, where);
  }

  string(parent: JsonObject, key: string, where: string): string {
    const value = parent[key];
    if (typeof value !== 'string') throw this.fail(`${at(where, key)} is missing or not a string`);
    return value;
  }

  boolean(parent: JsonObject, key: string, where: string): boolean {
    const value = parent[key];
    if (typeof value !== 'boolean') throw this.fail(`${at(where, key)} is missing or not true or false`);
    return value;
  }

  /** One of `allowed`, e.g. a phase name. */
  oneOf<T extends string>(parent: JsonObject, key: string, where: string, allowed: readonly T[]): T {
    const value = this.string(parent, key, where);
    const match = allowed.find((name) => name === value);
    if (match === undefined) throw this.fail(`${at(where, key)} is "${value}", not one of ${allowed.join(', ')}`);
    return match;
  }

  /**
   * A field newer writers add: { [key]: read(...) } when the file has it, {} when it is absent or null (a
   * file written before the field existed), so a record spreads it in without an undefined member.
   */
  optional<K extends string, T>(parent: JsonObject, key: K, read: () => T): Partial<Record<K, T>> {
    const field: Partial<Record<K, T>> = {};
    if (parent[key] !== undefined && parent[key] !== null) field[key] = read();
    return field;
  }

  numbers(parent: JsonObject, key: string, where: string): number[] {
    const values = this.array(parent[key], at(where, key));
    return values.map((value, i) => {
      if (!isFiniteNumber(value)) throw this.fail(`${at(where, key)}[${i}] is not a number`);
      return value;
    });
  }

  /** parent[key] as an array of objects, each read by `read` with its index in the messages. */
  objects<T>(parent: JsonObject, key: string, where: string, read: (item: JsonObject, where: string) => T): T[] {
    return this.array(parent[key], at(where, key)).map((item, i) => {
      const path = `${at(where, key)}[${i}]`;
      return read(this.object(item, path), path);
    });
  }
}

/** The top-level object of the JSON file at `path`, with the checks that name it. */
export function readJsonFile(path: string): { json: JsonObject; checks: JsonChecks } {
  const checks = new JsonChecks(path);
  if (!existsSync(path)) throw new CgesError(`${path} does not exist`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw checks.fail(`not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return { json: checks.object(value, 'the file'), checks };
}
