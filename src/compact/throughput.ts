// Inference throughput of a model on the current backend, in examples per second, at a given batch size.
// Each measurement warms up first (kernel selection, weight upload, caches), then repeats predict() on one
// fixed batch until a minimum time has passed, reading the result back each time so asynchronous
// backends finish the work inside the timed region. Comparing two models alternates them over several
// rounds, so a burst of load from other processes on a shared machine does not land on one model only,
// and keeps every round: the best round of each gives the speed-up, the per-round ratios its spread
// (claims.ts).
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { randomInputs } from './verify.js';

export interface ThroughputOptions {
  /** Untimed runs before measuring (default 3). */
  warmup?: number;
  /** Keep measuring at least this long (default 0.25 s) ... */
  minSeconds?: number;
  /** ... and at least this many runs (default 3). */
  minRuns?: number;
  /** Alternating rounds when comparing two models (default 3). */
  rounds?: number;
}

export interface ThroughputPair {
  batch: number;
  /** Examples per second: each model's best round. */
  before: number;
  after: number;
  /** after / before. */
  speedup: number;
  /** Examples per second of every round, in order; round r ran the original, then the compacted model. */
  roundsBefore: number[];
  roundsAfter: number[];
}

function runOnce(model: tfl.LayersModel, x: tf.Tensor): void {
  tf.tidy(() => {
    const y = model.predict(x, { batchSize: x.shape[0] });
    (Array.isArray(y) ? y[0] : y).dataSync();
  });
}

export function measureThroughput(model: tfl.LayersModel, batch: number, options: ThroughputOptions = {}): number {
  const { warmup = 3, minSeconds = 0.25, minRuns = 3 } = options;
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

/** Throughput of the original and the compacted model per batch size, over alternating rounds. */
export function compareThroughput(
  before: tfl.LayersModel, after: tfl.LayersModel, batches: number[], options: ThroughputOptions = {},
): ThroughputPair[] {
  const rounds = options.rounds ?? 3;
  return batches.map((batch) => {
    const roundsBefore: number[] = [];
    const roundsAfter: number[] = [];
    for (let round = 0; round < rounds; round++) {
      // Warm up only in the first round; later rounds find kernels and weights ready.
      const roundOptions = round === 0 ? options : { ...options, warmup: 0 };
      roundsBefore.push(measureThroughput(before, batch, roundOptions));
      roundsAfter.push(measureThroughput(after, batch, roundOptions));
    }
    const [rateBefore, rateAfter] = [Math.max(...roundsBefore), Math.max(...roundsAfter)];
    return { batch, before: rateBefore, after: rateAfter, speedup: rateAfter / rateBefore, roundsBefore, roundsAfter };
  });
}
