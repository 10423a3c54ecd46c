// Leak check: live tensor count and resident memory before and after many training steps. The
// count must not move at all; RSS may wobble with the allocator but must not climb with the steps.
import * as tf from '@tensorflow/tfjs-core';
import { makeTrainingWorkload } from './training_workload.js';

export interface LeakCheckResult {
  backend: string;
  network: string;
  steps: number;
  tensorsBefore: number;
  tensorsAfter: number;
  rssBeforeMb: number;
  rssAfterMb: number;
  /** RSS after each tenth of the steps, to tell a climb from a one-off jump. */
  rssTrailMb: number[];
}

const WARMUP_STEPS = 20;
const MB = 1024 * 1024;

function rssMb(): number {
  return process.memoryUsage().rss / MB;
}

/** Runs on the current backend; warm-up steps first, so caches and pools have reached their size. */
export function runLeakCheck(network: string, steps: number): LeakCheckResult {
  const workload = makeTrainingWorkload(network);
  try {
    for (let i = 0; i < WARMUP_STEPS; i++) workload.step();
    const tensorsBefore = tf.memory().numTensors;
    const rssBeforeMb = rssMb();
    const rssTrailMb: number[] = [];
    const every = Math.max(1, Math.floor(steps / 10));
    for (let i = 1; i <= steps; i++) {
      workload.step();
      if (i % every === 0) rssTrailMb.push(rssMb());
    }
    return {
      backend: tf.getBackend(), network, steps,
      tensorsBefore, tensorsAfter: tf.memory().numTensors,
      rssBeforeMb, rssAfterMb: rssMb(), rssTrailMb,
    };
  } finally {
    workload.dispose();
  }
}
