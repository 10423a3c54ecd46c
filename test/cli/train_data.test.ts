// cges train, compact and eval on data that is not MNIST: a small CIFAR-10 binary set written here. The
// model is built for its 32x32x3 images and 10 classes, the log names what was read, and compaction
// proves equality on its test split.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { loadRunData } from '../../src/cli/train_data.js';
import { loadModel, saveModel } from '../../src/models/model_io.js';
import { randomizeWeights } from '../structure/fixtures.js';
import { referenceData, unitValues, writeCifar10, writeCsvSet, writeIdxSet, writeNpySet } from '../data/dataset_files.js';
import { cges, type Run } from './cli_process.js';

const tmp = mkdtempSync(join(tmpdir(), 'cges-train-data-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

/** A small CIFAR-10 set in tmp/<name>, and a 3-step lenet5 run on it into tmp/<name>-run, compacted. */
async function cifarRun(name: string, flags: string[]): Promise<{ data: string; out: string; run: Run }> {
  const data = join(tmp, name);
  mkdirSync(data);
  writeCifar10(data, referenceData([32, 32, 3], [60, 20], 10));
  const out = join(tmp, `${name}-run`);
  const run = await cges(['train', '--data', data, '--model', 'lenet5', ...flags, '--iterations', '3',
    '--batch-size', '20', '--test-every', '3', '--out', out, '--compact']);
  assert.equal(run.code, 0, run.stderr);
  return { data, out, run };
}

test('cges train builds the model for CIFAR-10 images, then compact and eval read the same data', async () => {
  const { data, out, run } = await cifarRun('cifar', ['--reg', 'l2']);
  assert.match(run.stdout, /^data: CIFAR-10 binary/m);
  const model = JSON.parse(readFileSync(join(out, 'model', 'model.json'), 'utf8'));
  assert.deepEqual(model.modelTopology.config.layers[0].config.batch_input_shape, [null, 32, 32, 3]);
  const compact = JSON.parse(readFileSync(join(out, 'compact', 'compact.json'), 'utf8'));
  assert.equal(compact.testExamples, 20);
  const evaluated = await cges(['eval', out, '--data', data, '--json']);
  assert.equal(evaluated.code, 0, evaluated.stderr);
  assert.equal(JSON.parse(evaluated.stdout).testSize, 20);
  const mnist = await cges(['eval', out, '--test-size', '5']);
  assert.equal(mnist.code, 2);
  assert.match(mnist.stderr, /^cges: model .* takes inputs \[32, 32, 3\], but the data holds \[28, 28, 1\]\n$/);
});

test('flat features are given to the models as [1, 1, F]; sizes cap each split', async () => {
  const dir = join(tmp, 'csv');
  mkdirSync(dir);
  writeCsvSet(dir, referenceData([1, 1, 6], [30, 12], 3));
  const data = await loadRunData(dir, 25);
  assert.deepEqual([data.inputShape, data.numClasses, data.train.count, data.test.count], [[1, 1, 6], 3, 25, 12]);
  assert.equal(data.train.images.length, 25 * 6);
  await assert.rejects(loadRunData(join(tmp, 'nothing-here')), /data path .*nothing-here does not exist/);
});

/** dense `features` -> 8 relu -> 3 logits, taking flat features as a Keras MLP does, saved to tmp/name. */
async function flatModel(name: string, features: number): Promise<string> {
  const model = tfl.sequential({ name: name.replace(/-/g, '_'), layers: [
    tfl.layers.dense({ name: 'hidden', inputShape: [features], units: 8, activation: 'relu' }),
    tfl.layers.dense({ name: 'out', units: 3 }),
  ] });
  randomizeWeights(model, 5);
  const dir = join(tmp, name);
  await saveModel(model, dir);
  model.dispose();
  return dir;
}

test('a user\'s model that takes flat features [F] trains, compacts and evaluates on CSV as it is', async () => {
  await tf.setBackend('cpu');
  const dir = join(tmp, 'csv-flat-model');
  mkdirSync(dir);
  writeCsvSet(dir, referenceData([1, 1, 6], [60, 20], 3));
  const out = join(tmp, 'flat-model-run');
  const run = await cges(['train', '--data', dir, '--model', await flatModel('mlp6', 6), '--reg', 'l2', '--iterations', '3',
    '--batch-size', '20', '--test-every', '3', '--out', out, '--compact']);
  assert.equal(run.code, 0, run.stderr);
  const trained = await loadModel(join(out, 'model'));
  assert.deepEqual(trained.inputs[0].shape, [null, 6]);
  // The reference accuracy: the saved model's own predictions on the test rows, computed here.
  const { test: rows } = await loadRunData(dir);
  const predicted = tf.tidy(() => tf.argMax(trained.predict(tf.tensor2d(rows.images, [rows.count, 6])) as tf.Tensor, 1).dataSync());
  const correct = Array.from(predicted).filter((label, i) => label === rows.labels[i]).length;
  const evaluated = await cges(['eval', out, '--data', dir, '--json']);
  assert.equal(evaluated.code, 0, evaluated.stderr);
  assert.equal(JSON.parse(evaluated.stdout).testAccuracy, correct / rows.count);
  trained.dispose();
  const wrong = await cges(['train', '--data', dir, '--model', await flatModel('mlp7', 7), '--out', join(tmp, 'flat-refused')]);
  assert.equal(wrong.code, 2);
  assert.equal(wrong.stderr, 'cges: model mlp7 takes inputs [7], but the data holds [6] features\n');
  const normalize = await cges(['train', '--data', dir, '--model', join(tmp, 'mlp6'), '--normalize', '--out', join(tmp, 'flat-refused')]);
  assert.equal(normalize.code, 2);
  assert.match(normalize.stderr, /^cges: --normalize keeps its statistics in a layer over image channels, but model mlp6 takes \[6\];/);
  assert.equal(existsSync(join(tmp, 'flat-refused')), false);
});

test('a model of two inputs is one line naming them, for train, compact and eval alike, and nothing is written', async () => {
  const [a, b] = [tfl.input({ shape: [4] }), tfl.input({ shape: [2] })];
  const joined = tfl.layers.concatenate().apply([a, b]) as tfl.SymbolicTensor;
  const model = tfl.model({ name: 'two_inputs', inputs: [a, b], outputs: tfl.layers.dense({ units: 3 }).apply(joined) as tfl.SymbolicTensor });
  const dir = join(tmp, 'two-inputs');
  await saveModel(model, dir);
  model.dispose();
  const data = join(tmp, 'csv-two-inputs');
  mkdirSync(data);
  writeCsvSet(data, referenceData([1, 1, 6], [30, 10], 3));
  const expected = 'cges: model two_inputs has 2 inputs and 1 output; cges trains, compacts and evaluates models of one input and one output\n';
  const out = join(tmp, 'two-inputs-out');
  for (const args of [['train', '--model', dir, '--out', out], ['compact', dir, '--out', out], ['eval', dir]]) {
    const run = await cges([...args, '--data', data]);
    assert.equal(run.code, 2, args[0]);
    assert.equal(run.stderr, expected, args[0]);
  }
  assert.equal(existsSync(out), false);
});

test('an IDX folder\'s default validation examples are the training examples after --train-size, up to 5000', async () => {
  const dir = join(tmp, 'idx');
  mkdirSync(dir);
  const reference = referenceData([28, 28, 1], [40, 10], 10);
  writeIdxSet(dir, reference);
  const plain = await loadRunData(dir, 30, 10);
  const data = await loadRunData(dir, 30, 10, 'default');
  assert.equal(plain.val, null);
  // Training data is what it was without validation; validation is examples 30-39 of the training file.
  assert.deepEqual(data.train.images, plain.train.images);
  assert.deepEqual(data.val?.images, unitValues(reference.train.pixels.subarray(30 * 784)));
  assert.deepEqual(Array.from(data.val?.labels ?? []), reference.train.labels.slice(30));
  assert.equal((await loadRunData(dir, 40, 10, 'default')).val, null);
  const held = await loadRunData(dir, 30, 10, { split: { fraction: 0.2 }, seed: 1 });
  // 3 examples per class: 0.2 of each rounds to one.
  assert.deepEqual([held.train.count, held.val?.count], [20, 10]);
});

test('more than 256 classes train with int32 labels; --val-split evaluates on validation and tests only at the end', async () => {
  const dir = join(tmp, 'npy300');
  mkdirSync(dir);
  writeNpySet(dir, referenceData([4, 4, 1], [600, 300], 300));
  const data = await loadRunData(dir);
  assert.ok(data.train.labels instanceof Int32Array && data.numClasses === 300);
  const out = join(tmp, 'run300');
  const run = await cges(['train', '--data', dir, '--model', 'lenet-300-100', '--reg', 'l2', '--iterations', '4',
    '--batch-size', '50', '--test-every', '2', '--val-split', '0.5', '--out', out]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /validation: 300 of the 600 training examples held out/);
  const tests = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line))
    .filter((event) => event.event === 'test');
  assert.deepEqual(tests.map((event) => [event.step, typeof event.testAccuracy, typeof event.valAccuracy]),
    [[2, 'object', 'number'], [4, 'number', 'number']]);
  assert.match(run.stdout, /^step 2: validation accuracy \d\.\d{4}, FLOP/m);
  assert.match(run.stdout, /^step 4: test accuracy \d\.\d{4}, validation accuracy \d\.\d{4}, FLOP/m);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  assert.equal(summary.valAccuracy, tests[1].valAccuracy);
  assert.deepEqual(summary.config.valSplit, { fraction: 0.5 });
});

test('--augment on flat features and a bad --val-split are refused before anything is written', async () => {
  const dir = join(tmp, 'csv-augment');
  mkdirSync(dir);
  writeCsvSet(dir, referenceData([1, 1, 6], [30, 12], 3));
  const out = join(tmp, 'refused');
  const augment = await cges(['train', '--data', dir, '--model', 'lenet-300-100', '--augment', '--out', out]);
  assert.equal(augment.code, 2);
  assert.equal(augment.stderr, 'cges: --augment crops and flips images, but the data holds flat features ([1, 1, 6])\n');
  const split = await cges(['train', '--data', dir, '--val-split', '1.5', '--out', out]);
  assert.equal(split.code, 2);
  assert.match(split.stderr, /^cges: --val-split must be a number of examples \(an integer >= 1\) or a fraction in \(0, 1\), got "1.5"\n$/);
  const both = await cges(['train', '--data', dir, '--val-split', '5', '--val', dir, '--out', out]);
  assert.match(both.stderr, /^cges: --val-split and --val cannot both be given/);
  assert.equal(existsSync(out), false);
});

test('--normalize puts the training split\'s statistics in the model: eval and a resumed run compute with them', async () => {
  const { data, out } = await cifarRun('cifar-normalize', ['--normalize', '--augment']);
  const layers = () => JSON.parse(readFileSync(join(out, 'model', 'model.json'), 'utf8')).modelTopology.config.layers
    .map((layer: { class_name: string; config: { name: string } }) => `${layer.class_name} ${layer.config.name}`);
  assert.deepEqual(layers().slice(1, 3), ['DepthwiseConv2D input_normalization', 'Conv2D conv1']);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  const evaluated = await cges(['eval', out, '--data', data, '--json']);
  assert.equal(evaluated.code, 0, evaluated.stderr);
  assert.equal(JSON.parse(evaluated.stdout).testAccuracy, summary.testAccuracy);
  const resumed = await cges(['train', '--resume', out, '--iterations', '5']);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.equal(layers().filter((layer: string) => layer.endsWith('input_normalization')).length, 1);
});

test('--val PATH: every example of the other data set validates; another example shape is refused', async () => {
  const [dir, other, wrong] = ['val-main', 'val-other', 'val-wrong'].map((name) => join(tmp, name));
  for (const path of [dir, other, wrong]) mkdirSync(path);
  writeNpySet(dir, referenceData([4, 4, 1], [30, 10], 3));
  const reference = referenceData([4, 4, 1], [12, 6], 3);
  writeNpySet(other, reference);
  writeNpySet(wrong, referenceData([5, 4, 1], [12, 6], 3));
  const data = await loadRunData(dir, undefined, undefined, { path: other });
  assert.equal(data.train.count, 30);
  assert.deepEqual(data.val?.images, unitValues(Uint8Array.from([...reference.train.pixels, ...reference.test.pixels])));
  assert.deepEqual(Array.from(data.val?.labels ?? []), [...reference.train.labels, ...reference.test.labels]);
  await assert.rejects(loadRunData(dir, undefined, undefined, { path: wrong }),
    /^CgesError: validation data .*val-wrong holds examples of \[5, 4, 1\], but the training data's are \[4, 4, 1\]$/);
});
