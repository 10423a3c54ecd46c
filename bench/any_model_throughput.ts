// Training samples/s of the built-in resnet and mobilenet (src/models) on MNIST's shape on onednn, with
// the layer kernels (layer_kernels_toggle.ts) and without them, and PyTorch's for the same step (pytorch_step.py), in
// alternating rounds within one run: each round times PyTorch, then onednn with, then without the kernels,
// so every ratio compares figures taken under the same load. A step is forward (BatchNorm in training
// mode), softmax cross-entropy, backward and plain SGD at a batch of 100, as cges train runs it without a
// regulariser (PyTorch's twin takes no prox step either).
import * as tf from '@tensorflow/tfjs-core';
import { buildModel } from '../src/models/registry.js';
import { makeOptimizer } from '../src/train/optimizers.js';
import { makeRegularizer } from '../src/train/regularizers/index.js';
import { makeTrainStep } from '../src/train/train_step.js';
import { layerKernelsToggle } from './layer_kernels_toggle.js';
import { runPytorchReference } from './pytorch_reference.js';
import { median, medianMs } from './timing.js';
import { BATCH_SIZE } from './training_workload.js';

const LEARNING_RATE = 0.05;

export interface AnyModelRound {
  /** samples/s of each side in this round; PyTorch's undefined when it is not available. */
  withKernels: number;
  /** Undefined when the run did not time the step without them (--no-without-layer-kernels). */
  withoutKernels?: number;
  pytorch?: number;
}

export interface AnyModelResult {
  network: string;
  rounds: AnyModelRound[];
  /** Medians over the rounds, and the medians of the per-round ratios. */
  withKernels: number;
  withoutKernels?: number;
  pytorch?: number;
  speedup?: number;
  overPytorch?: number;
}

/** `network`'s training step on a fixed batch; it takes no prox step. */
export function anyModelWorkload(network: string): { step: () => void; prox: () => void; dispose: () => void } {
  const model = buildModel(network, { seed: 1 });
  const optimizer = makeOptimizer('sgd', LEARNING_RATE);
  const regularizer = makeRegularizer('none', { lambda: 0, mu: 0, grouping: 'input', exclusiveForm: 'original' });
  const trainStep = makeTrainStep({ model, optimizer, regularizer, kernels: [] });
  const xs = tf.randomUniform([BATCH_SIZE, 28, 28, 1], 0, 1, 'float32', 7) as tf.Tensor4D;
  const labels = tf.tidy(() => tf.randomUniform([BATCH_SIZE], 0, 10, 'int32', 8));
  return {
    step: () => void trainStep(xs, labels, LEARNING_RATE),
    prox: () => undefined,
    dispose: () => {
      model.dispose();
      optimizer.dispose();
      tf.dispose([xs, labels]);
    },
  };
}

const samplesPerS = (ms: number) => (BATCH_SIZE * 1000) / ms;

/** Call with onednn the current backend. */
export function measureAnyModel(networks: readonly string[], options: { rounds: number; pytorch: boolean;
  withoutLayerKernels: boolean; threads: number; quick: boolean }, progress: (line: string) => void): AnyModelResult[] {
  const toggle = layerKernelsToggle();
  const results: AnyModelResult[] = [];
  try {
    for (const network of networks) {
      const workload = anyModelWorkload(network);
      const rounds: AnyModelRound[] = [];
      try {
        for (const on of options.withoutLayerKernels ? [true, false] : [true]) {
          toggle.set(on);
          workload.step();  // warm-up: primitives, JIT
        }
        for (let r = 0; r < options.rounds; r++) {
          let pytorch: number | undefined;
          if (options.pytorch) {
            const torch = runPytorchReference({ networks: [network], threads: options.threads, quick: true });
            pytorch = torch.available ? torch.networks[network]?.samples_per_s : undefined;
          }
          toggle.set(true);
          const withKernels = samplesPerS(medianMs(workload.step, { warmup: 1, repeats: options.quick ? 2 : 4, inner: 1 }));
          let withoutKernels: number | undefined;
          if (options.withoutLayerKernels) {
            toggle.set(false);
            withoutKernels = samplesPerS(medianMs(workload.step, { warmup: 0, repeats: options.quick ? 1 : 2, inner: 1 }));
          }
          rounds.push({ withKernels, withoutKernels, pytorch });
          progress(`${network} round ${r + 1}: ${withKernels.toFixed(1)} samples/s with the layer kernels, ` +
            `${withoutKernels?.toFixed(1) ?? '-'} without, PyTorch ${pytorch?.toFixed(1) ?? '-'}`);
        }
      } finally {
        toggle.set(true);
        workload.dispose();
      }
      const torchRounds = rounds.filter((r): r is AnyModelRound & { pytorch: number } => r.pytorch !== undefined);
      const baseRounds = rounds.filter((r): r is AnyModelRound & { withoutKernels: number } =>
        r.withoutKernels !== undefined);
      results.push({
        network,
        rounds,
        withKernels: median(rounds.map((r) => r.withKernels)),
        withoutKernels: baseRounds.length > 0 ? median(baseRounds.map((r) => r.withoutKernels)) : undefined,
        pytorch: torchRounds.length > 0 ? median(torchRounds.map((r) => r.pytorch)) : undefined,
        speedup: baseRounds.length > 0 ? median(baseRounds.map((r) => r.withKernels / r.withoutKernels)) : undefined,
        overPytorch: torchRounds.length > 0 ? median(torchRounds.map((r) => r.withKernels / r.pytorch)) : undefined,
      });
    }
  } finally {
    toggle.set(true);
  }
  return results;
}
