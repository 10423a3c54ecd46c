// `cges compact` end to end, in process through main(): the written model and compact.json against
// hand-counted MACs and parameters and against the original model's own outputs, the throughput rounds
// and a speed-up with its spread, or "no change" for a model compaction leaves as it is; the refusals
// (missing or corrupt model folder, non-empty --out) exit 2 with one line and write nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { compactIntoDir } from '../../src/cli/compact.js';
import { main } from '../../src/cli/main.js';
import { resolveResumeConfig } from '../../src/cli/resume.js';
import { loadMnist } from '../../src/data/mnist.js';
import { CompactionMismatchError } from '../../src/compact/verify.js';
import type { CompactReport } from '../../src/compact/report.js';
import { loadModel, saveModel } from '../../src/models/model_io.js';
import {
  editLayer, maxOutputDiff, randomizeWeights, uniformInputs, zeroChannel, zeroColumn,
} from '../structure/fixtures.js';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `cges ...args`, capturing what it prints. */
async function cli(...args: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const { log } = console;
  const write = process.stderr.write.bind(process.stderr);
  console.log = (...parts: unknown[]) => { out.push(parts.join(' ')); };
  process.stderr.write = (chunk: string | Uint8Array) => { err.push(String(chunk)); return true; };
  try {
    const code = await main(args);
    return { code, stdout: out.join('\n'), stderr: err.join('') };
  } finally {
    console.log = log;
    process.stderr.write = write;
  }
}

/** 784-12-10; fc1 units 0-3 feed nothing and unit 5 is the constant relu(0.2): 7 units stay. */
function sparseModel(): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.flatten({ name: 'flatten', inputShape: [28, 28, 1] }));
  model.add(tfl.layers.dense({ name: 'fc1', units: 12, activation: 'relu' }));
  model.add(tfl.layers.dense({ name: 'fc2', units: 10 }));
  randomizeWeights(model);
  editLayer(model, 'fc2', (kernel) => [0, 1, 2, 3].forEach((c) => zeroChannel(kernel, 10, 12, c)));
  editLayer(model, 'fc1', (kernel, bias) => {
    zeroColumn(kernel, 12, 5);
    bias![5] = 0.2;
  });
  return model;
}

const FAST = ['--backend', 'cpu', '--test-size', '300', '--throughput-seconds', '0.05'];

describe('cges compact', () => {
  let root: string;
  let modelDir: string;
  let original: tfl.LayersModel;

  before(async () => {
    await tf.setBackend('cpu');
    root = mkdtempSync(join(tmpdir(), 'cges-compact-'));
    modelDir = join(root, 'model');
    original = sparseModel();
    await saveModel(original, modelDir);
  });

  after(() => {
    original.dispose();
    rmSync(root, { recursive: true, force: true });
  });

  it('--prune-inputs: the compacted model takes the read pixels alone, compact.json lists them, cges eval feeds them', async () => {
    // MNIST's corner pixels are zero in every image; these rows are read by no fc1 unit.
    const unread = [0, 1, 27, 28, 783];
    const model = sparseModel();
    editLayer(model, 'fc1', (kernel) => unread.forEach((f) => kernel.fill(0, f * 12, (f + 1) * 12)));
    const dir = join(root, 'pixels');
    await saveModel(model, dir);
    const out = join(root, 'pixels-compact');
    const result = await cli('compact', dir, '--out', out, '--prune-inputs', ...FAST);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /input: 779 of 784 features kept/);
    const report: CompactReport = JSON.parse(readFileSync(join(out, 'compact.json'), 'utf8'));
    assert.deepEqual(report.inputFeatures?.kept, Array.from({ length: 784 }, (_, f) => f).filter((f) => !unread.includes(f)));
    assert.equal(report.paramsAfter, 779 * 7 + 7 + 7 * 10 + 10);
    assert.equal(report.testAccuracyAfter, report.testAccuracyBefore);
    const compacted = await loadModel(out);
    assert.deepEqual(compacted.inputs[0].shape, [null, 779]);
    compacted.dispose();
    // cges eval selects the features itself, and gets the original's accuracy.
    const before = await cli('eval', dir, '--json', '--backend', 'cpu', '--test-size', '300');
    const after = await cli('eval', out, '--json', '--backend', 'cpu', '--test-size', '300');
    assert.equal(after.code, 0, after.stderr);
    assert.equal(JSON.parse(after.stdout).testAccuracy, JSON.parse(before.stdout).testAccuracy);
    model.dispose();
  });

  it('writes a smaller model with equal logits and compact.json with its numbers', async () => {
    const out = join(root, 'compact');
    const result = await cli('compact', modelDir, '--out', out, ...FAST);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /MACs/);
    const report: CompactReport = JSON.parse(readFileSync(join(out, 'compact.json'), 'utf8'));
    assert.equal(report.macsBefore, 784 * 12 + 12 * 10);
    assert.equal(report.macsAfter, 784 * 7 + 7 * 10);
    assert.equal(report.paramsBefore, 784 * 12 + 12 + 12 * 10 + 10);
    assert.equal(report.paramsAfter, 784 * 7 + 7 + 7 * 10 + 10);
    assert.ok(report.maxAbsLogitDiff <= 1e-4 * report.logitScale);
    assert.equal(report.testExamples, 300);
    assert.equal(report.testAccuracyAfter, report.testAccuracyBefore);
    assert.deepEqual(report.layers.find((l) => l.name === 'fc1')?.shapeAfter, [7]);
    assert.deepEqual(report.throughput.batches.map((b) => b.batch), [1, 100]);
    assert.ok(report.throughput.batches.every((b) => b.before > 0 && b.after > 0));
    // Three alternating rounds per batch size; the best of each model's is its rate.
    for (const b of report.throughput.batches) {
      assert.deepEqual([b.roundsBefore.length, b.roundsAfter.length], [3, 3]);
      assert.deepEqual([b.before, b.after], [Math.max(...b.roundsBefore), Math.max(...b.roundsAfter)]);
    }
    assert.equal(report.unchanged, false);
    assert.equal(report.testAccuracyBeforeFinetune, null);
    assert.equal(result.stdout.match(/│ \d+\.\d\dx \(\d+\.\d\d-\d+\.\d\d\) *│/g)?.length, 2, result.stdout);
    const compacted = await loadModel(out);
    const x = uniformInputs([20, 28, 28, 1]);
    assert.ok(maxOutputDiff(original, compacted, x) < 1e-5);
    x.dispose();
    compacted.dispose();
  });

  it('says "no change" for a model it leaves as it is, on stdout and in compact.json', async () => {
    const dense = sparseModel();
    randomizeWeights(dense); // no zero weight left: nothing can go
    const dir = join(root, 'dense-model');
    await saveModel(dense, dir);
    const out = join(root, 'dense-out');
    const result = await cli('compact', dir, '--out', out, ...FAST);
    assert.equal(result.code, 0, result.stderr);
    const report: CompactReport = JSON.parse(readFileSync(join(out, 'compact.json'), 'utf8'));
    assert.equal(report.unchanged, true);
    assert.equal(report.macsAfter, report.macsBefore);
    assert.equal(result.stdout.match(/│ no change *│/g)?.length, 2);
    assert.doesNotMatch(result.stdout, /\d\.\d\dx/);
    dense.dispose();
  });

  it('--crop-input cuts an unused top image row with a Cropping2D', async () => {
    const cropped = sparseModel();
    editLayer(cropped, 'fc1', (kernel) => kernel.fill(0, 0, 28 * 12)); // pixels (0, w) feed nothing
    const dir = join(root, 'crop-model');
    await saveModel(cropped, dir);
    const out = join(root, 'crop-out');
    const result = await cli('compact', dir, '--out', out, ...FAST, '--crop-input');
    assert.equal(result.code, 0, result.stderr);
    const report: CompactReport = JSON.parse(readFileSync(join(out, 'compact.json'), 'utf8'));
    assert.deepEqual(report.inputCrop, [[1, 0], [0, 0]]);
    assert.equal(report.macsAfter, 27 * 28 * 7 + 7 * 10);
    cropped.dispose();
  });

  it('refuses a missing model folder with one line, exit 2, and writes nothing', async () => {
    const out = join(root, 'never-missing');
    const result = await cli('compact', join(root, 'no-such-model'), '--out', out, ...FAST);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^cges: model directory .*no-such-model does not exist\n$/);
    assert.equal(existsSync(out), false);
  });

  it('refuses a corrupt model.json with one line, exit 2, and writes nothing', async () => {
    const corrupt = join(root, 'corrupt');
    mkdirSync(corrupt);
    writeFileSync(join(corrupt, 'model.json'), '{"modelTopology": ');
    const out = join(root, 'never-corrupt');
    const result = await cli('compact', corrupt, '--out', out, ...FAST);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^cges: .*model\.json is not valid JSON\n$/);
    assert.equal(existsSync(out), false);
  });

  it('does not overwrite a non-empty --out without --force', async () => {
    const out = join(root, 'taken');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.txt'), 'mine');
    const refused = await cli('compact', modelDir, '--out', out, ...FAST);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /not empty; pass --force/);
    assert.equal(existsSync(join(out, 'compact.json')), false);
    const forced = await cli('compact', modelDir, '--out', out, ...FAST, '--force');
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(existsSync(join(out, 'compact.json')), true);
  });

  it('cges train --compact compacts the trained model into <out>/compact/', async () => {
    const out = join(root, 'run');
    const result = await cli(
      'train', '--model', 'lenet-300-100', '--iterations', '3', '--batch-size', '20', '--train-size', '100',
      '--test-size', '100', '--display-every', '1', '--test-every', '3', '--backend', 'cpu', '--out', out, '--compact',
    );
    assert.equal(result.code, 0, result.stderr);
    const report: CompactReport = JSON.parse(readFileSync(join(out, 'compact', 'compact.json'), 'utf8'));
    assert.equal(report.macsBefore, 784 * 300 + 300 * 100 + 100 * 10);
    assert.ok(report.maxAbsLogitDiff <= 1e-4 * report.logitScale);
    assert.equal(report.testExamples, 100);
    assert.deepEqual(report.notes, [], 'the trained model is a chain compaction understands');
    assert.equal(existsSync(join(out, 'compact', 'model.json')), true);
  });

  it('cges train --crop-input: lenet-300-100 meets a params target with the crop counted; --resume and cges compact keep the crop', async () => {
    const out = join(root, 'crop-run');
    const result = await cli(
      'train', '--model', 'lenet-300-100', '--target-params', '0.3', '--crop-input', '--iterations', '40', '--batch-size', '20',
      '--train-size', '500', '--test-size', '100', '--display-every', '20', '--test-every', '20', '--backend', 'cpu',
      '--out', out, '--compact',
    );
    assert.equal(result.code, 0, result.stderr);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    assert.equal(summary.config.cropInput, true);
    assert.notEqual(summary.target.reachedAtStep, null, 'the target was reached');
    assert.ok(summary.compacted.paramsFraction <= 0.3, `compacted params ${summary.compacted.paramsFraction}`);
    const report: CompactReport = JSON.parse(readFileSync(join(out, 'compact', 'compact.json'), 'utf8'));
    assert.ok(report.inputCrop !== null, 'the border was cropped');
    // What the run steered by is what compaction built, crop included.
    assert.equal(report.paramsAfter, summary.compacted.params);
    assert.equal(report.macsAfter, summary.compacted.macs);
    const [[top, bottom], [left, right]] = report.inputCrop;
    const compacted = await loadModel(join(out, 'compact'));
    assert.deepEqual(compacted.inputs[0].shape, [null, 28, 28, 1], 'the input keeps its shape');
    const fc1 = compacted.getLayer('fc1').getWeights()[0];
    assert.equal(fc1.shape[0], (28 - top - bottom) * (28 - left - right));
    compacted.dispose();
    // The setting is the run's: --resume keeps it (as it keeps --prune-inputs, off here).
    const resumed = resolveResumeConfig(out, { iterations: '60' }).config;
    assert.equal(resumed.cropInput, true);
    assert.equal(resumed.pruneInputs, false);
    // cges compact of the run's model repeats the run's crop without being told.
    const again = join(root, 'crop-run-compact');
    const compact = await cli('compact', join(out, 'model'), '--out', again, ...FAST);
    assert.equal(compact.code, 0, compact.stderr);
    assert.deepEqual(JSON.parse(readFileSync(join(again, 'compact.json'), 'utf8')).inputCrop, report.inputCrop);
  });

  it('cges train --normalize --crop-input: the crop goes behind the normalisation, and the run steered by its cost', async () => {
    const out = join(root, 'crop-normalized');
    const result = await cli(
      'train', '--model', 'lenet-300-100', '--normalize', '--target-params', '0.3', '--crop-input', '--iterations', '40',
      '--batch-size', '20', '--train-size', '500', '--test-size', '100', '--test-every', '20', '--backend', 'cpu',
      '--out', out, '--compact',
    );
    assert.equal(result.code, 0, result.stderr);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    const report: CompactReport = JSON.parse(readFileSync(join(out, 'compact', 'compact.json'), 'utf8'));
    assert.ok(report.inputCrop !== null, 'the border was cropped');
    assert.equal(report.paramsAfter, summary.compacted.params);
    assert.equal(report.macsAfter, summary.compacted.macs);
    const compacted = await loadModel(join(out, 'compact'));
    assert.deepEqual(compacted.layers.slice(0, 3).map((layer) => layer.getClassName()), ['DepthwiseConv2D', 'Cropping2D', 'Flatten']);
    compacted.dispose();
  });

  it('fails loudly and writes nothing when the logits do not agree', async () => {
    const out = join(root, 'never-mismatch');
    // No model meets a negative tolerance: this stands in for a compaction that went wrong.
    const { test } = loadMnist({ trainSize: 1, testSize: 50 });
    const inputShape: [number, number, number] = [28, 28, 1];
    const options = { test, inputShape, tolerance: -1 };
    await assert.rejects(compactIntoDir(original, out, options), CompactionMismatchError);
    assert.equal(existsSync(out), false);
  });
});
