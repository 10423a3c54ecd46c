// Inference throughput of a model on the current backend, in examples per second, at a given batch size.
// Each measurement warms up first (kernel selection, weight upload, caches), then repeats predict() on one
// fixed batch until a minimum time has passed, reading the result back each time so asynchronous
// backends finish the work inside the timed region.
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { randomInputs } from './verify.js';

export interface ThroughputOptions {
  /** Untimed runs before measuring (default 3). */
  warmup?: number;
  /** Keep measuring at least this long (default 0.5 s) ... */
  minSeconds?: number;
  /** ... and at least this many runs (default 3). */
  minRuns?: number;
}

export interface ThroughputPair {
  batch: number;
  /** Examples per second. */
  before: number;
  after: number;
  /** after / before. */
  speedup: number;
}

function runOnce(model: tfl.LayersModel, x: tf.Tensor): void {
  tf.tidy(() => {
    const y = model.predict(x, { batchSize: x.shape[0] });
    (Array.isArray(y) ? y[0] : y).dataSync();
  });
}

export function measureThroughput(model: tfl.LayersModel, batch: number, options: ThroughputOptions = {}): number {
  const { warmup = 3, minSeconds = 0.5, minRuns = 3 } = options;
  const x = randomInputs(model, batch, 2);
  try {
    for (let i = 0; i < warmup; i++) runOnce(model, x);
    const start = performance.now();
    let runs = 0;
    let elapsed = 0;
    while (runs < minRuns || elapsed < minSeconds * 1000) {
      runOnce(model, x);
      runs++;
      elapsed = performance.now() - start;
    }
    return (runs * batch) / (elapsed / 1000);
  } finally {
    x.dispose();
  }
}

/** Throughput of the original and the compacted model, measured one after the other per batch size. */
export function compareThroughput(
  before: tfl.LayersModel, after: tfl.LayersModel, batches: number[], options: ThroughputOptions = {},
): ThroughputPair[] {
  return batches.map((batch) => {
    const rateBefore = measureThroughput(before, batch, options);
    const rateAfter = measureThroughput(after, batch, options);
    return { batch, before: rateBefore, after: rateAfter, speedup: rateAfter / rateBefore };
  });
}
