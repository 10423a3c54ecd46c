// `npm run bench -- --profile`: where one training step's time goes, op by op. TF.js's profiler times
// every kernel the step runs (forward, the gradient tape's backward kernels, the optimiser's), by kernel
// name and input shapes; the prox step is timed on its own; the rest of the step's wall time is what
// runs outside kernels: the engine's per-op bookkeeping and tape, the step's JavaScript, host copies.
// The profiler's own bookkeeping adds time, so the step is also timed without it, and the kernels' shares
// are of that unprofiled step.
import * as tf from '@tensorflow/tfjs-core';
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

function shapesOf(kernel: KernelRecord): string {
  return kernel.inputShapes.map((shape) => (shape ?? []).join('x')).join(', ');
}

export async function profileStep(network: string, steps: number): Promise<OpProfile> {
  const workload = makeTrainingWorkload(network);
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
      const info = await tf.profile(() => { workload.step(); });
      for (const kernel of info.kernels) {
        const shapes = shapesOf(kernel);
        const key = `${kernel.name} ${shapes}`;
        const entry = totals.get(key) ?? { kernel: kernel.name, shapes, callsPerStep: 0, msPerStep: 0 };
        entry.callsPerStep += 1 / steps;
        entry.msPerStep += (typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : 0) / steps;
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
