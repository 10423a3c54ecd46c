// `npm run bench -- --profile`: where one training step's time goes, op by op. TF.js's profiler times
// every kernel the step runs (forward, the gradient tape's backward kernels, the optimiser's), by kernel
// name and input shapes; the prox step is timed on its own; the rest of the step's wall time is what
// runs outside kernels: the engine's per-op bookkeeping and tape, the step's JavaScript, host copies.
// The profiler's own bookkeeping adds time, so the step is also timed without it, and the kernels' shares
// are of that unprofiled step.
// Two corrections to TF.js's records: an op with its own gradient (tf.fused.conv2d, softmax cross-entropy)
// is recorded as well as the kernels it runs, so only registered kernels count; and a deferred output
// (src/backend/deferred_outputs.ts) is computed inside the kernel that first reads it, so that time moves
// from the reader's row to its own kernel's, marked "(deferred)".
import * as tf from '@tensorflow/tfjs-core';
import type { DeferredOutputs, SettledOutput } from '../src/backend/deferred_outputs.js';
import { median } from './timing.js';
import { makeTrainingWorkload } from './training_workload.js';

export interface OpTime {
  kernel: string;
  /** The input shapes of the kernel's first call, e.g. "100x28x28x1, 5x5x1x32". */
  shapes: string;
  callsPerStep: number;
  msPerStep: number;
}

export interface OpProfile {
  network: string;
  backend: string;
  /** Median wall time of a step, unprofiled. */
  stepMs: number;
  proxMs: number;
  ops: OpTime[];
  /** stepMs - proxMs - the kernels' sum: time outside kernels. */
  outsideKernelsMs: number;
}

type KernelRecord = Awaited<ReturnType<typeof tf.profile>>['kernels'][number];

function shapesOf(inputShapes: (number[] | null | undefined)[]): string {
  return inputShapes.map((shape) => (shape ?? []).join('x')).join(', ');
}

/** A deferred output computed while the kernel at `readerIndex` of the profile was running. */
interface TimedSettle extends SettledOutput {
  readerIndex: number;
}

/** The kernel records of one profiled step, with deferred outputs' time moved out of their readers. */
async function profileOnce(step: () => void): Promise<{ kernel: string; shapes: string; ms: number }[]> {
  const backend = tf.backend() as tf.KernelBackend & { deferredOutputs?: DeferredOutputs };
  // The engine's record of the profile under way: the kernel running when an output is computed ends
  // after every record pushed so far.
  const engineState = tf.engine().state as unknown as { activeProfile: { kernels: unknown[] } };
  const settles: TimedSettle[] = [];
  if (backend.deferredOutputs !== undefined) {
    backend.deferredOutputs.observer = (settled) => {
      settles.push({ ...settled, readerIndex: engineState.activeProfile.kernels.length });
    };
  }
  let info: Awaited<ReturnType<typeof tf.profile>>;
  try {
    info = await tf.profile(step);
  } finally {
    if (backend.deferredOutputs !== undefined) backend.deferredOutputs.observer = undefined;
  }
  const backendName = tf.getBackend();
  const ms = (kernel: KernelRecord) => (typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : 0);
  const records = info.kernels.map((kernel) => ({ kernel: kernel.name, shapes: shapesOf(kernel.inputShapes),
    ms: ms(kernel), registered: tf.getKernel(kernel.name, backendName) !== undefined }));
  for (const settle of settles) {
    // A kernel's record is pushed when it ends, after those of kernels it ran inside (the tape's Identity
    // clones of what it saves): the reader is the first record from there whose time holds the settle.
    let index = settle.readerIndex;
    while (index < records.length && records[index].ms < settle.ms) index++;
    const reader = records[index];
    if (reader !== undefined) reader.ms -= settle.ms;
    records.push({ kernel: `${settle.kernel} (deferred)`, shapes: shapesOf(settle.inputShapes), ms: settle.ms,
      registered: true });
  }
  return records.filter((record) => record.registered);
}

/** One step to profile: the step itself and its prox step (a no-op where the step has none). */
export interface ProfiledWorkload {
  step(): void;
  prox(): void;
  dispose(): void;
}

/** Profiles `network`'s step: a LeNet-era network's CGES step, or `workload` when given. */
export async function profileStep(network: string, steps: number,
  workload: ProfiledWorkload = makeTrainingWorkload(network)): Promise<OpProfile> {
  try {
    for (let i = 0; i < 3; i++) workload.step();
    const stepTimes: number[] = [];
    const proxTimes: number[] = [];
    for (let i = 0; i < steps; i++) {
      let start = performance.now();
      workload.step();
      stepTimes.push(performance.now() - start);
      start = performance.now();
      workload.prox();
      proxTimes.push(performance.now() - start);
    }
    const totals = new Map<string, OpTime>();
    for (let i = 0; i < steps; i++) {
      for (const record of await profileOnce(() => { workload.step(); })) {
        const key = `${record.kernel} ${record.shapes}`;
        const entry = totals.get(key) ?? { kernel: record.kernel, shapes: record.shapes, callsPerStep: 0, msPerStep: 0 };
        entry.callsPerStep += 1 / steps;
        entry.msPerStep += record.ms / steps;
        totals.set(key, entry);
      }
    }
    const ops = [...totals.values()].sort((a, b) => b.msPerStep - a.msPerStep);
    const stepMs = median(stepTimes);
    const proxMs = median(proxTimes);
    const kernelsMs = ops.reduce((sum, op) => sum + op.msPerStep, 0);
    return { network, backend: tf.getBackend(), stepMs, proxMs, ops, outsideKernelsMs: stepMs - proxMs - kernelsMs };
  } finally {
    workload.dispose();
  }
}
