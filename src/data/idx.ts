// Reader for IDX files, the MNIST container format: a 4-byte magic number (0, 0, type, rank), then
// `rank` big-endian uint32 dimensions, then the values, row-major. Only the unsigned-byte type (0x08)
// is supported, which is what MNIST, Fashion-MNIST, EMNIST and KMNIST use: labels are 0x00000801 (rank
// 1), images 0x00000803 (rank 3) or 0x00000804 (rank 4, channels last).
// Every size is checked against the file's length before anything is allocated, so a corrupt header
// gives a one-line CgesError naming the file, never an out-of-memory.
import { closeSync, openSync, readSync } from 'node:fs';
import { checkedFileSize, dataError } from './data_files.js';

const UNSIGNED_BYTE = 0x08;

export interface IdxHeader {
  dims: number[];
  /** Byte offset of the first value. */
  dataOffset: number;
}

export interface IdxFile {
  dims: number[];
  data: Uint8Array;
}

function fail(path: string, problem: string): never {
  throw dataError('IDX', path, problem);
}

function readBytes(path: string, fd: number, position: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, bytes, done, length - done, position + done);
    if (n === 0) fail(path, `ended after ${position + done} bytes while reading`);
    done += n;
  }
  return bytes;
}

function fileReader(path: string, fd: number): ByteReader {
  return (position, length) => readBytes(path, fd, position, length);
}

function withFile<T>(path: string, use: (fd: number) => T): T {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    fail(path, 'cannot be opened for reading');
  }
  try {
    return use(fd);
  } finally {
    closeSync(fd);
  }
}

/** Reads `length` bytes at `position` of the file being parsed. */
type ByteReader = (position: number, length: number) => Uint8Array;

function parseHeader(path: string, read: ByteReader, size: number, rank: number | undefined): IdxHeader {
  if (size < 4) fail(path, `is ${size} bytes, too short for an IDX header`);
  const magic = read(0, 4);
  const hex = [...magic].map((b) => b.toString(16).padStart(2, '0')).join('');
  if (magic[0] !== 0 || magic[1] !== 0) fail(path, `bad magic number 0x${hex} (not an IDX file)`);
  if (magic[2] !== UNSIGNED_BYTE) fail(path, `bad magic number 0x${hex}: value type 0x${hex.slice(4, 6)} is not unsigned byte (0x08)`);
  if (magic[3] === 0 || (rank !== undefined && magic[3] !== rank)) {
    fail(path, `bad magic number 0x${hex}: expected ${rank ?? 'at least 1'} dimensions, found ${magic[3]}`);
  }
  const dataOffset = 4 + 4 * magic[3];
  if (size < dataOffset) fail(path, `is truncated: ${size} bytes, but its header alone needs ${dataOffset}`);
  const header = read(4, 4 * magic[3]);
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const dims = Array.from({ length: magic[3] }, (_, i) => view.getUint32(4 * i, false));
  // A float64 product is exact here: it is only compared with the file size, which is far below 2^53.
  const expected = dataOffset + dims.reduce((a, b) => a * b, 1);
  if (size < expected) fail(path, `is truncated: dimensions [${dims.join(', ')}] need ${expected} bytes, file has ${size}`);
  if (size > expected) fail(path, `is oversized: dimensions [${dims.join(', ')}] need ${expected} bytes, file has ${size}`);
  return { dims, dataOffset };
}

/** Validates an IDX file's header against its length without reading the values. */
export function readIdxHeader(path: string, rank?: number): IdxHeader {
  const size = checkedFileSize('IDX', path);
  return withFile(path, (fd) => parseHeader(path, fileReader(path, fd), size, rank));
}

/**
 * Reads an unsigned-byte IDX file. With `rank`, the file must have exactly that many dimensions.
 * `maxItems` reads only the first items along the first dimension (the whole file is still validated).
 */
export function readIdx(path: string, options: { rank?: number; maxItems?: number } = {}): IdxFile {
  const size = checkedFileSize('IDX', path);
  return withFile(path, (fd) => {
    const header = parseHeader(path, fileReader(path, fd), size, options.rank);
    const dims = [...header.dims];
    if (options.maxItems !== undefined) dims[0] = Math.min(dims[0], options.maxItems);
    const length = dims.reduce((a, b) => a * b, 1);
    return { dims, data: readBytes(path, fd, header.dataOffset, length) };
  });
}

/** Parses an IDX file already in memory (e.g. decompressed from `.gz`); `path` names it in errors. */
export function parseIdx(path: string, bytes: Uint8Array, rank?: number): IdxFile {
  const read: ByteReader = (position, length) => bytes.subarray(position, position + length);
  const header = parseHeader(path, read, bytes.length, rank);
  return { dims: header.dims, data: bytes.subarray(header.dataOffset) };
}
