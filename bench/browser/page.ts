// The bench page's script, run inside Chromium (bundled by page_bundle.ts; never imported in Node): TF.js
// on the wasm backend loads each network's dense and compacted model over HTTP and offers PageApi on
// globalThis. Classification and timing are the very functions `cges compact` uses in Node
// (src/compact/verify.ts, src/compact/throughput.ts), so the two sets of numbers mean the same thing.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { compareThroughput } from '../../src/compact/throughput.js';
import { compareLogits, logitsAgree, randomInputs } from '../../src/compact/verify.js';
import { PAGE_GLOBAL, type PageApi, type PageClassification } from './page_api.js';

const pairs = new Map<string, { dense: tfl.LayersModel; compacted: tfl.LayersModel }>();

function pairOf(network: string): { dense: tfl.LayersModel; compacted: tfl.LayersModel } {
  const pair = pairs.get(network);
  if (pair === undefined) throw new Error(`network ${network} is not loaded`);
  return pair;
}

const api: PageApi = {
  async start(wasmPrefix) {
    setWasmPaths(wasmPrefix);
    if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not initialise');
    await tf.ready();
    return {
      backend: tf.getBackend(),
      simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') as boolean,
      multithread: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT') as boolean,
    };
  },

  async load({ network, dense, compacted }) {
    const loaded = { dense: await tfl.loadLayersModel(dense), compacted: await tfl.loadLayersModel(compacted) };
    pairs.set(network, loaded);
    return { denseParams: loaded.dense.countParams(), compactedParams: loaded.compacted.countParams() };
  },

  classify(network, count) {
    const { dense, compacted } = pairOf(network);
    const x = randomInputs(dense, count, 1);
    try {
      const comparison = compareLogits(dense, compacted, x);
      const predictedDense = [...comparison.predictedBefore];
      const predictedCompacted = [...comparison.predictedAfter];
      return {
        network, count, predictedDense, predictedCompacted,
        maxAbsDiff: comparison.maxAbsDiff, scale: comparison.scale,
        sameClasses: predictedDense.every((label, i) => label === predictedCompacted[i]),
        logitsAgree: logitsAgree(comparison),
      } satisfies PageClassification;
    } finally {
      x.dispose();
    }
  },

  measure(network, batches, options) {
    const { dense, compacted } = pairOf(network);
    return compareThroughput(dense, compacted, batches, options);
  },
};

Object.assign(globalThis, { [PAGE_GLOBAL]: api });
