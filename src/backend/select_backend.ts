// Chooses and starts the TF.js backend everything runs on: the native oneDNN backend when its addon is
// built, else the wasm backend (with one notice saying how to get oneDNN), or exactly the backend asked
// for. The cpu backend is there as a slow reference; it is never picked unasked.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { CgesError } from '../util/errors.js';
import { nativeAddonProblem } from './native_addon.js';
import { ONEDNN_BACKEND, registerOneDnnBackend } from './onednn_backend.js';
import { registerWasmBatchMatMul } from './wasm_batch_mat_mul.js';
import { registerWasmConv2DBackpropFilter } from './wasm_conv2d_backprop_filter.js';
import { registerWasmConv2DBackpropInput } from './wasm_conv2d_backprop_input.js';
import { registerWasmMaxPoolGrad } from './wasm_max_pool_grad.js';

export const BACKEND_NAMES = ['onednn', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface SelectBackendOptions {
  /** Threads for oneDNN; for wasm only where its threaded build can run (not in Node); cpu has one. */
  threads?: number;
  /** Receives the one-line notice when oneDNN is unavailable; defaults to stderr. */
  notice?: (line: string) => void;
}

let wasmPrepared = false;
let noticeGiven = false;

function isBackendName(name: string): name is BackendName {
  return (BACKEND_NAMES as readonly string[]).includes(name);
}

// The wasm backend lacks the conv filter gradient, gets max-pool gradients wrong, and is slow at
// transposed products and conv input gradients, all of which training needs; our kernels fill those in. The .wasm binaries ship beside the
// package's Node entry point, in its dist/ folder; pointing the loader there keeps it from guessing a URL.
async function prepareWasm(threads: number | undefined): Promise<void> {
  registerWasmConv2DBackpropFilter();
  registerWasmConv2DBackpropInput();
  registerWasmBatchMatMul();
  registerWasmMaxPoolGrad();
  if (wasmPrepared) return;
  const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
  setWasmPaths(`${dirname(entry)}/`);
  // The threaded build cannot run in Node (tfjs-backend-wasm reports no multithread support there).
  if (threads !== undefined && (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'))) setThreadsCount(threads);
  wasmPrepared = true;
}

function oneDnnProblem(): string {
  return nativeAddonProblem() ?? 'the oneDNN addon is not available';
}

/** Makes `name` the current backend; false if it cannot start. */
async function start(name: BackendName, threads: number | undefined): Promise<boolean> {
  if (name === 'onednn' && !registerOneDnnBackend({ threads })) return false;
  if (name === 'wasm') await prepareWasm(threads);
  try {
    return await tf.setBackend(name === 'onednn' ? ONEDNN_BACKEND : name);
  } catch {
    return false;
  }
}

/**
 * Starts the fastest available backend, or the requested one, and returns its name.
 * A requested backend that is unknown or cannot start is a CgesError.
 */
export async function selectBackend(requested?: string, options: SelectBackendOptions = {}): Promise<BackendName> {
  const { threads } = options;
  if (threads !== undefined && (!Number.isSafeInteger(threads) || threads < 1)) {
    throw new CgesError(`threads must be a positive integer, got ${threads}`);
  }
  // Silences the cpu backend's advice to install tfjs-node and skips debug-only checks.
  tf.enableProdMode();
  if (requested !== undefined) {
    if (!isBackendName(requested)) {
      throw new CgesError(`unknown backend "${requested}"; valid backends: ${BACKEND_NAMES.join(', ')}`);
    }
    if (await start(requested, threads)) return requested;
    const why = requested === 'onednn' ? `: ${oneDnnProblem()}` : '';
    throw new CgesError(`backend "${requested}" is not available${why}`);
  }
  if (await start('onednn', threads)) return 'onednn';
  const fallback = (await start('wasm', threads)) ? 'wasm' : (await start('cpu', threads)) ? 'cpu' : undefined;
  if (fallback === undefined) throw new CgesError('no TF.js backend could start (tried onednn, wasm, cpu)');
  if (!noticeGiven) {
    noticeGiven = true;
    const notice = options.notice ?? ((line: string) => process.stderr.write(`${line}\n`));
    notice(`cges: using the slower ${fallback} backend: ${oneDnnProblem()}`);
  }
  return fallback;
}
