// Reading the files a data set is made of: every check a reader needs before it trusts a byte (exists,
// is a regular file, is not empty, gzip decompresses), each failure a one-line CgesError naming the file.
// Nothing here writes.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { CgesError } from '../util/errors.js';

/** A one-line error naming a data file and what is wrong with it; `kind` says which format, e.g. "IDX". */
export function dataError(kind: string, path: string, problem: string): CgesError {
  return new CgesError(`${kind} file ${path}: ${oneLine(problem)}`);
}

/** Messages from libraries (zlib, libvips) can span lines; the CLI prints one. */
export function oneLine(text: string): string {
  return text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '').join('; ');
}

/** The size of a regular, non-empty file. */
export function checkedFileSize(kind: string, path: string): number {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw dataError(kind, path, 'does not exist or cannot be read');
  }
  if (!stats.isFile()) throw dataError(kind, path, 'is not a regular file');
  if (stats.size === 0) throw dataError(kind, path, 'is empty');
  return stats.size;
}

/** A whole file's bytes; a `.gz` file is decompressed (and must not decompress to nothing). */
export function readDataFile(kind: string, path: string): Uint8Array {
  checkedFileSize(kind, path);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw dataError(kind, path, `cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!path.endsWith('.gz')) return bytes;
  try {
    bytes = gunzipSync(bytes);
  } catch (error) {
    throw dataError(kind, path, `is not valid gzip (${error instanceof Error ? error.message : String(error)})`);
  }
  if (bytes.length === 0) throw dataError(kind, path, 'is empty once decompressed');
  return bytes;
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** A directory's entry names, sorted (code-point order, so the order is the same on every system). */
export function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch (error) {
    throw new CgesError(`data directory ${dir} cannot be listed (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** Product of a shape's dimensions (1 for a scalar). */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
