// `npm run bench -- --shrink`: what shrinking while training saves. seed-mnist trains on MNIST with
// `npm start`'s settings (a target of 20% of the MACs and 10% of the parameters, masks, fine-tuning; the
// same configuration `cges train` resolves) twice, one run right after the other: once keeping the masked
// model at full size (--no-shrink), once going on with its compaction at each shrink. The times are the
// training steps' (trainSeconds) and the whole train() call's (shrinks and control included).
import { buildRun, trainOptions } from '../src/cli/train.js';
import { resolveTrainConfig } from '../src/cli/train_config.js';
import { loadMnist } from '../src/data/mnist.js';
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

/** `npm start`'s flags (package.json), at `iterations` steps and one test at the end. */
function npmStartFlags(iterations: number, shrink: boolean) {
  const steps = String(iterations);
  return { iterations: steps, testEvery: steps, targetMacs: '0.2', targetParams: '0.1', shrink };
}

export async function measureShrinkSaving(quick: boolean, progress: (line: string) => void): Promise<ShrinkSavingResult> {
  const iterations = quick ? 300 : 2000;
  const runs: ShrinkRun[] = [];
  let data: ReturnType<typeof loadMnist> | undefined;
  for (const shrink of [false, true]) {
    const config = resolveTrainConfig(npmStartFlags(iterations, shrink));
    progress(`shrink saving: ${config.model}, ${iterations} steps under npm start's target, ${shrink ? 'shrinking' : 'full size'}...`);
    data ??= loadMnist({ dir: config.dataDir, trainSize: config.trainSize, testSize: config.testSize });
    const { model, regularizer } = await buildRun(config);
    const start = performance.now();
    const result = await train(trainOptions(config, model, regularizer, data));
    runs.push({
      shrink, trainSeconds: result.trainSeconds, wallSeconds: (performance.now() - start) / 1000,
      testAccuracy: result.testAccuracy ?? NaN, compactedMacs: result.compacted.macsFraction, shrinkSteps: result.control.shrinkSteps ?? [],
    });
    result.state.optimizer.dispose();
    if (result.state.model !== model) result.state.model.dispose();
    model.dispose();
  }
  const [full, shrunk] = runs;
  return {
    network: 'seed-mnist', iterations, runs,
    stepSaving: 1 - shrunk.trainSeconds / full.trainSeconds,
    wallSaving: 1 - shrunk.wallSeconds / full.wallSeconds,
  };
}
