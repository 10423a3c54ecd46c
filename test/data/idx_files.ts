// Writes small IDX files for the data tests.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The bytes of an unsigned-byte IDX file with the given magic type/rank bytes, dims and values. */
export function idxBytes(dims: number[], values: ArrayLike<number>, magic = [0, 0, 0x08, dims.length]): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.set(magic, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, Buffer.from(Array.from(values))]);
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'cges-data-'));
}

export function writeIdx(dir: string, name: string, bytes: Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}
