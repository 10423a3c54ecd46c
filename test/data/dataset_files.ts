// Writes small data sets in every format the readers take, from one in-memory reference, so tests can
// read them back and compare with the reference exactly.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { idxBytes } from './idx_files.js';

export interface ReferenceSplit {
  /** [count, H, W, C] bytes, channels last. */
  pixels: Uint8Array;
  labels: number[];
}

export interface ReferenceData {
  shape: [number, number, number];
  train: ReferenceSplit;
  test: ReferenceSplit;
}

/** A deterministic set: pixel values spread over 0..255, labels cycling through `classes`. */
export function referenceData(shape: [number, number, number], counts: [number, number], classes: number): ReferenceData {
  const size = shape[0] * shape[1] * shape[2];
  const split = (count: number, offset: number): ReferenceSplit => ({
    pixels: Uint8Array.from({ length: count * size }, (_, i) => (i * 37 + offset * 101 + Math.floor(i / 7)) % 256),
    labels: Array.from({ length: count }, (_, i) => (i + offset) % classes),
  });
  return { shape, train: split(counts[0], 0), test: split(counts[1], 1) };
}

/** Pixels as the readers return them: bytes / 255 in float32. */
export function unitValues(pixels: Uint8Array): Float32Array {
  return Float32Array.from(pixels, (v) => v / 255);
}

function write(path: string, bytes: Uint8Array | string): string {
  writeFileSync(path, bytes);
  return path;
}

export function writeIdxSet(dir: string, data: ReferenceData, options: { gzip?: boolean; prefix?: string } = {}): void {
  const [h, w, c] = data.shape;
  const pack = (bytes: Buffer): Buffer => (options.gzip ? gzipSync(bytes) : bytes);
  const suffix = options.gzip ? '.gz' : '';
  for (const [name, split] of [['train', data.train], ['t10k', data.test]] as const) {
    const dims = c === 1 ? [split.labels.length, h, w] : [split.labels.length, h, w, c];
    write(join(dir, `${options.prefix ?? ''}${name}-images-idx${dims.length}-ubyte${suffix}`), pack(idxBytes(dims, split.pixels)));
    write(join(dir, `${options.prefix ?? ''}${name}-labels-idx1-ubyte${suffix}`), pack(idxBytes([split.labels.length], split.labels)));
  }
}

/** CIFAR records: label bytes, then the image channel by channel (CHW). */
export function cifarBytes(split: ReferenceSplit, labelBytes: (i: number) => number[]): Buffer {
  const side = 32;
  const out: number[] = [];
  split.labels.forEach((_, i) => {
    out.push(...labelBytes(i));
    for (let c = 0; c < 3; c++) {
      for (let p = 0; p < side * side; p++) out.push(split.pixels[i * side * side * 3 + p * 3 + c]);
    }
  });
  return Buffer.from(out);
}

/** CIFAR-10 with the training split cut into `batches` files. */
export function writeCifar10(dir: string, data: ReferenceData, batches = 2): void {
  const perBatch = Math.ceil(data.train.labels.length / batches);
  const size = 32 * 32 * 3;
  for (let b = 0; b < batches; b++) {
    const labels = data.train.labels.slice(b * perBatch, (b + 1) * perBatch);
    const pixels = data.train.pixels.subarray(b * perBatch * size, (b * perBatch + labels.length) * size);
    write(join(dir, `data_batch_${b + 1}.bin`), cifarBytes({ pixels, labels }, (i) => [labels[i]]));
  }
  write(join(dir, 'test_batch.bin'), cifarBytes(data.test, (i) => [data.test.labels[i]]));
}

/** CIFAR-100: the reference labels are the fine ones; the coarse label is fine % 20. */
export function writeCifar100(dir: string, data: ReferenceData): void {
  for (const [name, split] of [['train.bin', data.train], ['test.bin', data.test]] as const) {
    write(join(dir, name), cifarBytes(split, (i) => [split.labels[i] % 20, split.labels[i]]));
  }
}

/** A .npy file (version 1.0 unless told), C order unless told. */
export function npyBytes(
  descr: string, shape: number[], values: ArrayLike<number> | Uint8Array,
  options: { version?: 1 | 2 | 3; fortran?: boolean; header?: string } = {},
): Buffer {
  const version = options.version ?? 1;
  const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = options.header ?? `{'descr': '${descr}', 'fortran_order': ${options.fortran ? 'True' : 'False'}, 'shape': ${tuple}, }`;
  const lengthBytes = version === 1 ? 2 : 4;
  const pad = 64 - ((8 + lengthBytes + header.length + 1) % 64);
  header = `${header}${' '.repeat(pad % 64)}\n`;
  const prefix = Buffer.alloc(8 + lengthBytes);
  prefix.set([0x93, ...Buffer.from('NUMPY'), version, 0]);
  if (version === 1) prefix.writeUInt16LE(header.length, 8);
  else prefix.writeUInt32LE(header.length, 8);
  return Buffer.concat([prefix, Buffer.from(header, 'latin1'), npyData(descr, values)]);
}

function npyData(descr: string, values: ArrayLike<number>): Buffer {
  const le = descr[0] !== '>';
  const type = descr.slice(1);
  const size = Number(type.slice(1));
  const out = Buffer.alloc(values.length * size);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const at = i * size;
    if (type === 'f4') le ? out.writeFloatLE(v, at) : out.writeFloatBE(v, at);
    else if (type === 'f8') le ? out.writeDoubleLE(v, at) : out.writeDoubleBE(v, at);
    else if (type === 'u1') out.writeUInt8(v, at);
    else if (type === 'i1') out.writeInt8(v, at);
    else if (type === 'i2') le ? out.writeInt16LE(v, at) : out.writeInt16BE(v, at);
    else if (type === 'u2') le ? out.writeUInt16LE(v, at) : out.writeUInt16BE(v, at);
    else if (type === 'i4') le ? out.writeInt32LE(v, at) : out.writeInt32BE(v, at);
    else if (type === 'u4') le ? out.writeUInt32LE(v, at) : out.writeUInt32BE(v, at);
    else if (type === 'i8') le ? out.writeBigInt64LE(BigInt(v), at) : out.writeBigInt64BE(BigInt(v), at);
    else if (type === 'u8') le ? out.writeBigUInt64LE(BigInt(v), at) : out.writeBigUInt64BE(BigInt(v), at);
    else throw new Error(`test writer: no dtype ${descr}`);
  }
  return out;
}

/** x_*.npy as uint8 [N, H, W, C] (or [N, H, W] for one channel), y_*.npy as `labelDescr`. */
export function writeNpySet(dir: string, data: ReferenceData, labelDescr = '<i8'): void {
  const [h, w, c] = data.shape;
  for (const [name, split] of [['train', data.train], ['test', data.test]] as const) {
    const shape = c === 1 ? [split.labels.length, h, w] : [split.labels.length, h, w, c];
    write(join(dir, `x_${name}.npy`), npyBytes('|u1', shape, split.pixels));
    write(join(dir, `y_${name}.npy`), npyBytes(labelDescr, [split.labels.length], split.labels));
  }
}

/** A CSV table: header `f0..f{n-1},label`, one row per example, features the pixel bytes. */
export function csvText(split: ReferenceSplit, features: number): string {
  const header = [...Array.from({ length: features }, (_, f) => `f${f}`), 'label'].join(',');
  const rows = split.labels.map((label, i) => [...split.pixels.subarray(i * features, (i + 1) * features), label].join(','));
  return `${[header, ...rows].join('\n')}\n`;
}

export function writeCsvSet(dir: string, data: ReferenceData): void {
  const features = data.shape[0] * data.shape[1] * data.shape[2];
  write(join(dir, 'train.csv'), csvText(data.train, features));
  write(join(dir, 'test.csv'), csvText(data.test, features));
}

/** train/<class>/<i>.png and test/<class>/<i>.png, classes named c0, c1, ... (sorted as numbered < 10). */
export async function writeImageFolder(dir: string, data: ReferenceData, format: 'png' | 'jpeg' = 'png'): Promise<void> {
  const [height, width, channels] = data.shape;
  const size = height * width * channels;
  for (const [name, split] of [['train', data.train], ['test', data.test]] as const) {
    for (let i = 0; i < split.labels.length; i++) {
      const folder = join(dir, name, `c${split.labels[i]}`);
      mkdirSync(folder, { recursive: true });
      const raw = sharp(Buffer.from(split.pixels.subarray(i * size, (i + 1) * size)), { raw: { width, height, channels: channels as 1 | 3 } });
      // sharp writes sRGB unless told: one channel stays one channel only as 'b-w'.
      const image = channels === 1 ? raw.toColourspace('b-w') : raw;
      const file = join(folder, `${String(i).padStart(4, '0')}.${format === 'png' ? 'png' : 'jpg'}`);
      await (format === 'png' ? image.png() : image.jpeg()).toFile(file);
    }
  }
}
