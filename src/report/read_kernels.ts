// The final kernels of a run, read from its saved model (model/model.json and its weight files, the TF.js
// layers format src/models/model_io.ts writes) as plain float32 arrays. Only the bytes are read: no model
// is built and no backend is needed, so the report stays free of TF.js at run time.
// Layout: TF.js concatenates every manifest group's files, in order, and each weight follows the one
// before it in its group's spec list.
// src/report imports src/util, and types from src/train and src/compact (and TF.js's io types), only.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { io } from '@tensorflow/tfjs-core';
import { CgesError } from '../util/errors.js';

export const MODEL_DIR = 'model';

export interface KernelValues {
  /** TF.js layout: dense [in, out], conv2d [kh, kw, in, out], depthwise [kh, kw, C, m]. */
  shape: number[];
  values: Float32Array;
  /** A depthwise kernel (its groups are channels whatever the grouping). */
  depthwise: boolean;
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, complex64: 8 };

function specBytes(spec: io.WeightsManifestEntry, file: string): number {
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  const bytes = BYTES[dtype];
  if (bytes === undefined) throw new CgesError(`${file}: weight ${spec.name} has an unknown dtype ${dtype}`);
  return spec.shape.reduce((product, d) => product * d, 1) * bytes;
}

/** The weight holding layer `name`'s kernel: "<layer>/kernel", a depthwise kernel, or the name itself. */
function kernelSpecName(name: string, specs: Set<string>): string | undefined {
  return [name, `${name}/kernel`, `${name}/depthwise_kernel`].find((candidate) => specs.has(candidate) &&
    /kernel$/.test(candidate));
}

/**
 * The kernels of the layers named (summary.json's layers) from `runDir`/model/, or null when the run folder
 * has no saved model. A kernel stored other than as float32 (a quantised model) is left out.
 */
export function readKernels(runDir: string, names: string[]): Map<string, KernelValues> | null {
  const jsonPath = join(runDir, MODEL_DIR, 'model.json');
  if (!existsSync(jsonPath)) return null;
  let manifest: io.WeightsManifestConfig;
  try {
    manifest = (JSON.parse(readFileSync(jsonPath, 'utf8')) as io.ModelJSON).weightsManifest;
  } catch {
    throw new CgesError(`${jsonPath} is not valid JSON`);
  }
  if (!Array.isArray(manifest)) throw new CgesError(`${jsonPath} has no weightsManifest`);
  const bytes = Buffer.concat(manifest.flatMap((group) => group.paths.map((path) => {
    // Only files beside model.json: a manifest must not reach elsewhere on the disk.
    const file = join(runDir, MODEL_DIR, basename(path));
    if (!existsSync(file)) throw new CgesError(`${file} is missing`);
    return readFileSync(file);
  })));
  const offsets = new Map<string, { spec: io.WeightsManifestEntry; offset: number }>();
  let offset = 0;
  for (const spec of manifest.flatMap((group) => group.weights)) {
    offsets.set(spec.name, { spec, offset });
    offset += specBytes(spec, jsonPath);
  }
  if (offset !== bytes.length) {
    throw new CgesError(`the weight files of ${jsonPath} hold ${bytes.length} bytes but its manifest expects ${offset}`);
  }
  const kernels = new Map<string, KernelValues>();
  for (const name of names) {
    const weight = kernelSpecName(name, new Set(offsets.keys()));
    const entry = weight === undefined ? undefined : offsets.get(weight);
    if (entry === undefined || entry.spec.dtype !== 'float32' || entry.spec.quantization !== undefined) continue;
    const { spec } = entry;
    const count = spec.shape.reduce((product, d) => product * d, 1);
    // A copy: the concatenated buffer need not be 4-byte aligned at this offset.
    const values = new Float32Array(bytes.buffer.slice(bytes.byteOffset + entry.offset, bytes.byteOffset + entry.offset + 4 * count));
    kernels.set(name, { shape: spec.shape, values, depthwise: spec.name.endsWith('depthwise_kernel') });
  }
  return kernels;
}
