// `npm run bench -- --shrink`: what shrinking while training saves. seed-mnist trains on MNIST under the
// `npm start` settings (20% of the MACs and 10% of the parameters, masks, fine-tuning) twice with the same seed, once going on with
// its compaction at each shrink and once keeping the masked model at full size, one run right after the
// other; the times are the training steps' (trainSeconds) and the whole train() call's (shrinks and
// control included).
import { loadMnist } from '../src/data/mnist.js';
import { shrinkForTraining } from '../src/compact/shrink_for_training.js';
import { SMALL_LAMBDA } from '../src/cli/train_config.js';
import { buildModel, modelDefaults } from '../src/models/registry.js';
import { makeRegularizer } from '../src/train/regularizers/index.js';
import { train } from '../src/train/trainer.js';

export interface ShrinkRun {
  shrink: boolean;
  /** Seconds in training steps, and in the whole run (control points, shrinks and tests included). */
  trainSeconds: number;
  wallSeconds: number;
  testAccuracy: number;
  compactedMacs: number;
  shrinkSteps: number[];
}

export interface ShrinkSavingResult {
  network: 'seed-mnist';
  iterations: number;
  runs: ShrinkRun[];
  /** 1 - shrunk / full, of the training steps' time and of the whole run's. */
  stepSaving: number;
  wallSaving: number;
}

const NETWORK = 'seed-mnist';
const TARGET = { macs: 0.2, params: 0.1 };

export async function measureShrinkSaving(quick: boolean, progress: (line: string) => void): Promise<ShrinkSavingResult> {
  const iterations = quick ? 300 : 2000;
  const data = loadMnist({});
  const defaults = modelDefaults(NETWORK);
  const runs: ShrinkRun[] = [];
  for (const shrink of [false, true]) {
    progress(`shrink saving: ${NETWORK}, ${iterations} steps under the npm start target, ${shrink ? 'shrinking' : 'full size'}...`);
    const model = buildModel(NETWORK, { seed: 1 });
    const start = performance.now();
    const result = await train({
      model, data, iterations, batchSize: defaults.batchSize, seed: 1, grouping: 'unit', seedFlopCosts: true,
      regularizer: makeRegularizer('cges', { lambda: SMALL_LAMBDA, mu: defaults.mu, chvar: defaults.chvar, grouping: 'unit', exclusiveForm: 'seed' }),
      schedule: { baseLr: defaults.baseLr, stepsize: defaults.stepsize, decayRate: defaults.decayRate },
      testEvery: iterations,
      structure: { target: TARGET, shrink: shrink ? shrinkForTraining : undefined },
    });
    runs.push({
      shrink, trainSeconds: result.trainSeconds, wallSeconds: (performance.now() - start) / 1000,
      testAccuracy: result.testAccuracy, compactedMacs: result.compacted.macsFraction, shrinkSteps: result.control.shrinkSteps ?? [],
    });
    result.state.optimizer.dispose();
    if (result.state.model !== model) result.state.model.dispose();
    model.dispose();
  }
  const [full, shrunk] = runs;
  return {
    network: NETWORK, iterations, runs,
    stepSaving: 1 - shrunk.trainSeconds / full.trainSeconds,
    wallSaving: 1 - shrunk.wallSeconds / full.wallSeconds,
  };
}
