// A training checkpoint on disk: a TrainState snapshot plus the caller's settings (any JSON), in a
// folder of two kinds of file:
//   state.json          everything but the tensors, with each tensor's place in the binary file,
//                       that file's byte length and its SHA-256;
//   tensors-<step>.bin  the tensors' values, little-endian, one after another.
// A write puts the new binary file next to the old one, then replaces state.json by an atomic rename,
// then deletes the old binary file: a crash at any moment leaves a complete, readable checkpoint.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CgesError } from '../util/errors.js';
import type { SavedTensor, TrainStateSnapshot } from './train_state.js';

const FORMAT = 'cges-checkpoint';
const VERSION = 1;
const STATE_FILE = 'state.json';

interface TensorEntry {
  name: string;
  shape: number[];
  dtype: SavedTensor['dtype'];
  /** Byte offset in the binary file. */
  offset: number;
}

interface StateFile {
  format: typeof FORMAT;
  version: number;
  step: number;
  schedule: TrainStateSnapshot['schedule'];
  optimizer: { name: TrainStateSnapshot['optimizer']['name']; tensors: TensorEntry[] };
  weights: TensorEntry[];
  sampler: TrainStateSnapshot['sampler'];
  dropoutRng: TrainStateSnapshot['dropoutRng'];
  control?: TrainStateSnapshot['control'];
  topology?: TrainStateSnapshot['topology'];
  trainSeconds?: number;
  tensorsFile: string;
  tensorsBytes: number;
  tensorsSha256: string;
  settings: unknown;
}

export interface Checkpoint {
  snapshot: TrainStateSnapshot;
  /** What the caller stored with the snapshot (e.g. the run's configuration). */
  settings: unknown;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function layOut(tensors: SavedTensor[], start: number): { entries: TensorEntry[]; end: number } {
  let offset = start;
  const entries = tensors.map(({ name, shape, dtype, values }) => {
    const entry = { name, shape, dtype, offset };
    offset += values.byteLength;
    return entry;
  });
  return { entries, end: offset };
}

/** Writes `snapshot` and `settings` into `dir` (created if needed), replacing any checkpoint there. */
export function writeCheckpoint(dir: string, snapshot: TrainStateSnapshot, settings: unknown): void {
  mkdirSync(dir, { recursive: true });
  const weights = layOut(snapshot.weights, 0);
  const optimizer = layOut(snapshot.optimizer.weights, weights.end);
  const bytes = new Uint8Array(optimizer.end);
  for (const [tensor, entry] of [
    ...snapshot.weights.map((t, i) => [t, weights.entries[i]] as const),
    ...snapshot.optimizer.weights.map((t, i) => [t, optimizer.entries[i]] as const),
  ]) {
    bytes.set(new Uint8Array(tensor.values.buffer, tensor.values.byteOffset, tensor.values.byteLength), entry.offset);
  }
  const tensorsFile = `tensors-${snapshot.step}.bin`;
  const state: StateFile = {
    format: FORMAT, version: VERSION, step: snapshot.step, schedule: snapshot.schedule,
    optimizer: { name: snapshot.optimizer.name, tensors: optimizer.entries }, weights: weights.entries,
    sampler: snapshot.sampler, dropoutRng: snapshot.dropoutRng, control: snapshot.control, topology: snapshot.topology,
    trainSeconds: snapshot.trainSeconds, tensorsFile, tensorsBytes: bytes.byteLength, tensorsSha256: sha256(bytes), settings,
  };
  const tmp = `.tmp-${process.pid}`;
  writeFileSync(join(dir, tensorsFile + tmp), bytes, { flush: true });
  renameSync(join(dir, tensorsFile + tmp), join(dir, tensorsFile));
  writeFileSync(join(dir, STATE_FILE + tmp), `${JSON.stringify(state)}\n`, { flush: true });
  renameSync(join(dir, STATE_FILE + tmp), join(dir, STATE_FILE));
  for (const name of readdirSync(dir)) {
    if (name !== tensorsFile && /^tensors-\d+\.bin/.test(name)) rmSync(join(dir, name), { force: true });
  }
}

function corrupt(dir: string, why: string): CgesError {
  return new CgesError(`checkpoint ${dir} is unreadable: ${why}`);
}

function readState(dir: string): StateFile {
  const path = join(dir, STATE_FILE);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new CgesError(`checkpoint ${dir} does not exist`);
  if (!existsSync(path)) throw new CgesError(`checkpoint ${dir} has no ${STATE_FILE}`);
  let state: StateFile;
  try {
    state = JSON.parse(readFileSync(path, 'utf8')) as StateFile;
  } catch (error) {
    throw corrupt(dir, `${STATE_FILE} is not valid JSON (${(error as Error).message})`);
  }
  if (state?.format !== FORMAT) throw corrupt(dir, `${STATE_FILE} is not a cges checkpoint`);
  if (state.version !== VERSION) throw corrupt(dir, `format version ${state.version}, this cges reads ${VERSION}`);
  if (!Number.isSafeInteger(state.step) || state.step < 0 || typeof state.tensorsFile !== 'string' ||
    !/^tensors-\d+\.bin$/.test(state.tensorsFile) || !Array.isArray(state.weights) ||
    !Array.isArray(state.optimizer?.tensors)) {
    throw corrupt(dir, `${STATE_FILE} lacks required fields`);
  }
  const seconds = state.trainSeconds;
  if (seconds !== undefined && !(typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0)) {
    throw corrupt(dir, `${STATE_FILE} has trainSeconds ${JSON.stringify(seconds)}, not a number of seconds`);
  }
  return state;
}

/** The settings stored with the checkpoint in `dir`, without reading its tensors. */
export function readCheckpointSettings(dir: string): { step: number; settings: unknown } {
  const state = readState(dir);
  return { step: state.step, settings: state.settings };
}

function readTensors(dir: string, bytes: Uint8Array, entries: TensorEntry[]): SavedTensor[] {
  return entries.map(({ name, shape, dtype, offset }) => {
    const count = Array.isArray(shape) ? shape.reduce((a, b) => a * b, 1) : NaN;
    const end = offset + count * 4;
    if (!Number.isSafeInteger(count) || count < 0 || !Number.isSafeInteger(offset) || offset < 0 || end > bytes.byteLength ||
      (dtype !== 'float32' && dtype !== 'int32')) {
      throw corrupt(dir, `tensor ${name} does not fit the tensors file`);
    }
    // A copy: the typed array must be aligned and must not keep the whole file alive.
    const copy = bytes.slice(offset, end).buffer;
    return { name, shape, dtype, values: dtype === 'int32' ? new Int32Array(copy) : new Float32Array(copy) };
  });
}

/** Reads the checkpoint in `dir`, checking the tensors file's length and checksum. */
export function readCheckpoint(dir: string): Checkpoint {
  const state = readState(dir);
  const tensorsPath = join(dir, state.tensorsFile);
  if (!existsSync(tensorsPath)) throw corrupt(dir, `${state.tensorsFile} is missing`);
  const bytes = new Uint8Array(readFileSync(tensorsPath));
  if (bytes.byteLength !== state.tensorsBytes) {
    throw corrupt(dir, `${state.tensorsFile} has ${bytes.byteLength} bytes, expected ${state.tensorsBytes}`);
  }
  if (sha256(bytes) !== state.tensorsSha256) throw corrupt(dir, `${state.tensorsFile} fails its checksum`);
  const snapshot: TrainStateSnapshot = {
    step: state.step,
    schedule: state.schedule,
    optimizer: { name: state.optimizer.name, weights: readTensors(dir, bytes, state.optimizer.tensors) },
    weights: readTensors(dir, bytes, state.weights),
    sampler: state.sampler,
    dropoutRng: state.dropoutRng,
    ...(state.control === undefined ? {} : { control: state.control }),
    ...(state.topology === undefined ? {} : { topology: state.topology }),
    ...(state.trainSeconds === undefined ? {} : { trainSeconds: state.trainSeconds }),
  };
  return { snapshot, settings: state.settings };
}
