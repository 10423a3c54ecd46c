// NumPy's .npy format (numpy.lib.format), parsed strictly: the magic "\x93NUMPY", a version byte pair
// (1.0: uint16 header length; 2.0 and 3.0: uint32; 3.0 allows UTF-8), then a Python dict literal with
// exactly the keys 'descr', 'fortran_order' and 'shape', padded with spaces and ended by '\n', then the
// values. Supported dtypes: bool-free numbers, '<'/'>' byte order (and '|' for one-byte types): float32,
// float64 and signed/unsigned integers of 1, 2, 4 or 8 bytes. Fortran order is refused (C order only).
import { dataError, readDataFile, shapeSize } from './data_files.js';

const MAGIC = [0x93, ...Buffer.from('NUMPY')];

export interface NpyDtype {
  /** 'f' float, 'i' signed integer, 'u' unsigned integer. */
  kind: 'f' | 'i' | 'u';
  bytes: 1 | 2 | 4 | 8;
  littleEndian: boolean;
  /** As written in the header, e.g. '<f4'. */
  descr: string;
}

export interface NpyArray {
  path: string;
  dtype: NpyDtype;
  shape: number[];
  /** The raw values, row-major; read them with npyValue. */
  view: DataView;
}

function fail(path: string, problem: string): never {
  throw dataError('NumPy', path, problem);
}

/** A tiny reader for the header's Python literal: strings, True/False, tuples of integers, one dict. */
class HeaderParser {
  private at = 0;

  constructor(private readonly path: string, private readonly text: string) {}

  private error(problem: string): never {
    fail(this.path, `bad header at character ${this.at} (${problem}): ${JSON.stringify(this.text.trimEnd()).slice(0, 120)}`);
  }

  private skipSpaces(): void {
    while (this.text[this.at] === ' ') this.at++;
  }

  private expect(token: string): void {
    this.skipSpaces();
    if (!this.text.startsWith(token, this.at)) this.error(`expected ${JSON.stringify(token)}`);
    this.at += token.length;
  }

  private peek(token: string): boolean {
    this.skipSpaces();
    return this.text.startsWith(token, this.at);
  }

  private string(): string {
    this.skipSpaces();
    const quote = this.text[this.at];
    if (quote !== "'" && quote !== '"') this.error('expected a quoted string');
    const end = this.text.indexOf(quote, this.at + 1);
    if (end < 0) this.error('unterminated string');
    const value = this.text.slice(this.at + 1, end);
    if (value.includes('\\')) this.error('escapes are not used in .npy headers');
    this.at = end + 1;
    return value;
  }

  private boolean(): boolean {
    if (this.peek('True')) return this.expect('True'), true;
    if (this.peek('False')) return this.expect('False'), false;
    this.error('expected True or False');
  }

  private shape(): number[] {
    this.expect('(');
    const dims: number[] = [];
    while (!this.peek(')')) {
      const digits = /^\d+/.exec(this.text.slice(this.at));
      if (digits === null) this.error('expected a non-negative integer dimension');
      const dim = Number(digits[0]);
      if (!Number.isSafeInteger(dim)) this.error(`dimension ${digits[0]} is too large`);
      dims.push(dim);
      this.at += digits[0].length;
      if (!this.peek(')')) this.expect(',');
    }
    this.expect(')');
    return dims;
  }

  /** The whole header: one dict with exactly the three keys, then spaces and a final newline. */
  parse(): { descr: string; fortranOrder: boolean; shape: number[] } {
    const found = new Map<string, string | boolean | number[]>();
    this.expect('{');
    while (!this.peek('}')) {
      const key = this.string();
      if (found.has(key)) this.error(`key '${key}' twice`);
      this.expect(':');
      if (key === 'descr') found.set(key, this.string());
      else if (key === 'fortran_order') found.set(key, this.boolean());
      else if (key === 'shape') found.set(key, this.shape());
      else this.error(`unexpected key '${key}'`);
      if (!this.peek('}')) this.expect(',');
    }
    this.expect('}');
    if (!/^ *\n$/.test(this.text.slice(this.at))) this.error('the dict must be followed only by spaces and a newline');
    const descr = found.get('descr');
    const fortranOrder = found.get('fortran_order');
    const shape = found.get('shape');
    if (typeof descr !== 'string' || typeof fortranOrder !== 'boolean' || !Array.isArray(shape)) {
      this.error("the dict needs 'descr', 'fortran_order' and 'shape'");
    }
    return { descr, fortranOrder, shape };
  }
}

function parseDtype(path: string, descr: string): NpyDtype {
  const match = /^([<>|=])([fiu])([1248])$/.exec(descr);
  if (match === null) fail(path, `dtype '${descr}' is not supported (float32, float64 or an integer type: '<f4', '<f8', '|u1', '<i8', ...)`);
  const kind = match[2] as NpyDtype['kind'];
  const bytes = Number(match[3]) as NpyDtype['bytes'];
  if (kind === 'f' && bytes < 4) fail(path, `dtype '${descr}' (float${bytes * 8}) is not supported; use float32 or float64`);
  if ((match[1] === '|') !== (bytes === 1)) fail(path, `dtype '${descr}' has byte order '${match[1]}' for a ${bytes}-byte type`);
  // '=' is the writer's native order, which the file does not record; NumPy itself always writes '<' or '>'.
  if (match[1] === '=' && bytes > 1) fail(path, `dtype '${descr}' has native byte order '=', which the file cannot say; save with '<' or '>'`);
  return { kind, bytes, littleEndian: match[1] !== '>', descr };
}

/** Parses a whole .npy file in memory; `path` names it in errors. */
export function parseNpy(path: string, bytes: Uint8Array): NpyArray {
  if (bytes.length < 10 || MAGIC.some((byte, i) => bytes[i] !== byte)) fail(path, 'does not start with the .npy magic "\\x93NUMPY"');
  const [major, minor] = [bytes[6], bytes[7]];
  if (![1, 2, 3].includes(major) || minor !== 0) fail(path, `format version ${major}.${minor} is not 1.0, 2.0 or 3.0`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) fail(path, 'is truncated inside its header length');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataOffset = 8 + lengthBytes + headerLength;
  if (dataOffset > bytes.length) fail(path, `is truncated: its header needs ${dataOffset} bytes, file has ${bytes.length}`);
  const headerBytes = bytes.subarray(8 + lengthBytes, dataOffset);
  let text: string;
  try {
    text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1', { fatal: true }).decode(headerBytes);
  } catch {
    fail(path, 'header is not valid UTF-8');
  }
  if (major < 3 && headerBytes.some((byte) => byte > 0x7f)) fail(path, `header of a version ${major}.0 file is not ASCII`);
  const header = new HeaderParser(path, text).parse();
  if (header.fortranOrder) fail(path, 'is in Fortran order (fortran_order: True); save it in C order (numpy.ascontiguousarray)');
  const dtype = parseDtype(path, header.descr);
  const expected = shapeSize(header.shape) * dtype.bytes;
  const actual = bytes.length - dataOffset;
  if (actual !== expected) {
    fail(path, `shape (${header.shape.join(', ')}) of ${header.descr} needs ${expected} bytes of data, file has ${actual}`);
  }
  return { path, dtype, shape: header.shape, view: new DataView(bytes.buffer, bytes.byteOffset + dataOffset, actual) };
}

export function readNpy(path: string): NpyArray {
  return parseNpy(path, readDataFile('NumPy', path));
}

type Getter = (view: DataView, at: number, littleEndian: boolean) => number;

const GETTERS: Record<string, Getter> = {
  f4: (view, at, le) => view.getFloat32(at, le),
  f8: (view, at, le) => view.getFloat64(at, le),
  u1: (view, at) => view.getUint8(at),
  i1: (view, at) => view.getInt8(at),
  u2: (view, at, le) => view.getUint16(at, le),
  i2: (view, at, le) => view.getInt16(at, le),
  u4: (view, at, le) => view.getUint32(at, le),
  i4: (view, at, le) => view.getInt32(at, le),
  u8: (view, at, le) => Number(view.getBigUint64(at, le)),
  i8: (view, at, le) => Number(view.getBigInt64(at, le)),
};

/** The array's values divided by `divisor`, written to `out` (int64 beyond 2^53 rounds; callers range-check). */
export function npyValues<T extends Float32Array | Float64Array>(array: NpyArray, out: T, divisor = 1): T {
  const { view, dtype } = array;
  const get = GETTERS[`${dtype.kind}${dtype.bytes}`];
  for (let i = 0; i < out.length; i++) out[i] = get(view, i * dtype.bytes, dtype.littleEndian) / divisor;
  return out;
}
