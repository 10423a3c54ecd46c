// The dense and compacted model pairs the browser bench serves, as folders of model.json + weights.bin.
// - From a run (`--browser-models RUN_DIR`): a `cges train --compact --no-shrink` folder, whose model/ is
//   the trained model at full size and compact/ its compaction.
// - Otherwise made here in seconds: buildModel's initial weights (seed 1), the weakest units zeroed by the
//   trainer's own forcePrune until compaction keeps the MACs share asked for (the cost target's rule and
//   cost weights, as at a run's deadline), then compactModel, which proves equal logits.
// Either way the dense model is full-size and computes what the compacted one does.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tfl from '@tensorflow/tfjs-layers';
import { compactModel } from '../../src/compact/compact_model.js';
import { countMacs } from '../../src/models/macs.js';
import { loadModel, saveModel } from '../../src/models/model_io.js';
import { buildModel, type ModelName } from '../../src/models/registry.js';
import type { CostTarget } from '../../src/train/cost_target.js';
import { forcePrune } from '../../src/train/force_prune.js';
import { denseCost } from '../../src/train/structure_control.js';
import { CgesError } from '../../src/util/errors.js';
import type { ModelPairDirs } from './browser_session.js';

/** The MACs share kept by the made-up compactions: README's cost-target runs (seed-mnist 20%, lenet5 10%). */
export const PRUNED_MACS: Record<'seed-mnist' | 'lenet5', number> = { 'seed-mnist': 0.2, lenet5: 0.1 };

export interface BrowserModelPair extends ModelPairDirs {
  /** Where the pair came from: a run folder, or units zeroed by hand here. */
  source: string;
  /** MACs per example of the compacted model over the dense one's. */
  macsKept: number;
}

function macsKept(dense: tfl.LayersModel, compacted: tfl.LayersModel): number {
  return countMacs(compacted).total / countMacs(dense).total;
}

/** `network` at its initial weights with its weakest units zeroed, and its compaction, saved under `dir`. */
export async function prunedPair(network: ModelName, macs: number, dir: string): Promise<BrowserModelPair> {
  const model = buildModel(network, { seed: 1 });
  try {
    const dense = denseCost(model);
    const goal: CostTarget = { macs };
    forcePrune(model, goal, dense);
    const compaction = await compactModel(model);
    const pair = { network, denseDir: join(dir, network, 'dense'), compactedDir: join(dir, network, 'compacted') };
    await saveModel(model, pair.denseDir);
    await saveModel(compaction.model, pair.compactedDir);
    const kept = macsKept(model, compaction.model);
    compaction.model.dispose();
    return { ...pair, source: `initial weights, weakest units zeroed to ${Math.round(macs * 100)}% MACs`, macsKept: kept };
  } finally {
    model.dispose();
  }
}

function runNetwork(runDir: string): string {
  const summaryPath = join(runDir, 'summary.json');
  if (!existsSync(summaryPath)) throw new CgesError(`${runDir} is not a cges train run folder (no summary.json)`);
  const summary: unknown = JSON.parse(readFileSync(summaryPath, 'utf8'));
  const model = typeof summary === 'object' && summary !== null && 'model' in summary ? summary.model : undefined;
  if (typeof model !== 'string') throw new CgesError(`${summaryPath} names no model`);
  return model;
}

/** The trained model of a `cges train --compact --no-shrink` run folder and its compaction. */
export async function runPair(runDir: string): Promise<BrowserModelPair> {
  const network = runNetwork(runDir);
  const pair = { network, denseDir: join(runDir, 'model'), compactedDir: join(runDir, 'compact') };
  if (!existsSync(join(pair.compactedDir, 'model.json'))) {
    throw new CgesError(`${runDir} has no compact/model.json; train it with --compact`);
  }
  const [trained, compacted] = [await loadModel(pair.denseDir), await loadModel(pair.compactedDir)];
  const reference = buildModel(network);
  try {
    if (countMacs(trained).total !== countMacs(reference).total) {
      throw new CgesError(`${runDir}/model is smaller than a dense ${network} (the run shrank while training); ` +
        'train with --no-shrink to keep the full-size model beside its compaction');
    }
    return { ...pair, source: runDir, macsKept: macsKept(trained, compacted) };
  } finally {
    for (const model of [trained, compacted, reference]) model.dispose();
  }
}
