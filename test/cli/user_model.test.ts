// `cges train --model PATH` on models of the user's own, run as users run it: training starts from the
// model's weights (the first step's logged loss is the saved model's loss on that batch, computed here
// in float64 from its own outputs), a softmax head trains on its logits and is kept in the saved model,
// the loss comes from --loss or the model's compile config, bad input is one line and exit 2, and
// compact and eval take the model too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { loadMnist } from '../../src/data/mnist.js';
import { loadModel, saveModel } from '../../src/models/model_io.js';
import { BatchSampler } from '../../src/train/batches.js';
import { randomizeWeights } from '../structure/fixtures.js';
import { cges } from './cli_process.js';
import { loadTeacher, resolveTeacherFlag } from '../../src/cli/user_model.js';
import { CgesError } from '../../src/util/errors.js';

await tf.setBackend('cpu');

const tmp = mkdtempSync(join(tmpdir(), 'cges-user-model-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

const SIZES = ['--train-size', '500', '--test-size', '100'];
const ONE_STEP = ['--iterations', '1', '--display-every', '1', '--test-every', '1', ...SIZES];

/** flatten -> dense 16 relu -> dense 10 (with `activation`) on MNIST's images, saved to tmp/name. */
async function savedModel(name: string, activation: 'softmax' | 'sigmoid' | 'linear', options: {
  inputShape?: number[]; frozen?: boolean; loss?: string;
} = {}): Promise<string> {
  const model = tfl.sequential({ name: name.replace(/-/g, '_'), layers: [
    tfl.layers.flatten({ inputShape: options.inputShape ?? [28, 28, 1] }),
    tfl.layers.dense({ name: 'hidden', units: 16, activation: 'relu', trainable: !(options.frozen ?? false) }),
    tfl.layers.dense({ name: 'out', units: 10, activation }),
  ] });
  randomizeWeights(model, 3);
  const dir = join(tmp, name);
  await saveModel(model, dir);
  model.dispose();
  if (options.loss !== undefined) {
    // As tensorflowjs_converter writes a compiled Keras model: the Keras config and its training config.
    const jsonPath = join(dir, 'model.json');
    const json = JSON.parse(readFileSync(jsonPath, 'utf8'));
    const { keras_version: version, backend } = json.modelTopology;
    const trainingConfig = { loss: options.loss, metrics: null, optimizer_config: { class_name: 'SGD', config: { learning_rate: 0.01 } } };
    json.modelTopology = { keras_version: version, backend, model_config: json.modelTopology, training_config: trainingConfig };
    writeFileSync(jsonPath, JSON.stringify(json));
  }
  return dir;
}

/** The saved model's outputs on the run's first batch (seed 1, batch 100, the first 500 MNIST images). */
async function firstBatchOutputs(dir: string): Promise<{ outputs: number[][]; labels: Uint8Array }> {
  const { train } = loadMnist({ trainSize: 500, testSize: 100 });
  const sampler = new BatchSampler(train, 100, 1, { labels: 'int', numClasses: 10, exampleShape: [28, 28, 1] });
  const indices = sampler.nextIndices();
  const model = await loadModel(dir);
  const xs = tf.tensor4d(train.images.slice(0), [500, 28, 28, 1]);
  const batch = tf.gather(xs, tf.tensor1d(Int32Array.from(indices), 'int32'));
  const outputs = (model.predict(batch) as tf.Tensor).arraySync() as number[][];
  tf.dispose([xs, batch]);
  model.dispose();
  return { outputs, labels: Uint8Array.from(indices, (i) => train.labels[i]) };
}

function firstLoss(out: string): number {
  const first = JSON.parse(readFileSync(join(out, 'metrics.jsonl'), 'utf8').split('\n')[0]);
  assert.equal(first.event, 'display');
  return first.loss;
}

const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) <= 1e-4 * Math.max(1, expected), `${actual} against ${expected}`);

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

test('a softmax-head model trains from its weights on its logits and keeps its softmax; compact and eval take it', async () => {
  const dir = await savedModel('softmax', 'softmax');
  const out = join(tmp, 'softmax-run');
  const run = await cges(['train', '--model', join(dir, 'model.json'), '--reg', 'l2', ...ONE_STEP, '--out', out]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /trains on the output before the softmax of layer out; the saved model keeps it/);
  // Cross-entropy of the logits is -log of the saved model's own probabilities; a softmax of those
  // probabilities would give about log(10).
  const { outputs, labels } = await firstBatchOutputs(dir);
  close(firstLoss(out), mean(outputs.map((p, n) => -Math.log(p[labels[n]]))));
  const saved = JSON.parse(readFileSync(join(out, 'model', 'model.json'), 'utf8'));
  assert.equal(saved.modelTopology.config.layers.at(-1).config.activation, 'softmax');

  const compacted = join(tmp, 'softmax-compact');
  const compact = await cges(['compact', join(out, 'model', 'model.json'), '--out', compacted, '--test-size', '100']);
  assert.equal(compact.code, 0, compact.stderr);
  const reloaded = await loadModel(compacted);
  const probabilities = tf.tidy(() => tf.sum(reloaded.predict(tf.ones([2, 28, 28, 1])) as tf.Tensor, 1).arraySync());
  assert.ok((probabilities as number[]).every((sum) => Math.abs(sum - 1) < 1e-5), 'the compacted model outputs probabilities');
  reloaded.dispose();
  const evaluated = await cges(['eval', join(dir, 'model.json'), '--test-size', '100', '--json']);
  assert.equal(evaluated.code, 0, evaluated.stderr);
  assert.equal(JSON.parse(evaluated.stdout).testSize, 100);
});

test('the loss comes from --loss or the compile config, and each is its closed form on the first batch', async () => {
  const fromConfig = await savedModel('compiled-mse', 'linear', { loss: 'mean_squared_error' });
  const plain = await savedModel('linear', 'linear');
  const runs = await Promise.all([
    cges(['train', '--model', fromConfig, '--reg', 'l2', ...ONE_STEP, '--out', join(tmp, 'mse-run')]),
    cges(['train', '--model', plain, '--loss', 'sigmoid-ce', '--reg', 'l2', ...ONE_STEP, '--out', join(tmp, 'sigmoid-run')]),
  ]);
  runs.forEach((run) => assert.equal(run.code, 0, run.stderr));
  assert.match(runs[0].stdout, /^loss mse$/m);
  const { outputs, labels } = await firstBatchOutputs(plain);
  const oneHot = (n: number, k: number) => (labels[n] === k ? 1 : 0);
  close(firstLoss(join(tmp, 'mse-run')), mean(outputs.flatMap((z, n) => z.map((v, k) => (v - oneHot(n, k)) ** 2))));
  const sigmoidCe = (v: number, y: number) => -(y * Math.log(1 / (1 + Math.exp(-v))) + (1 - y) * Math.log(1 / (1 + Math.exp(v))));
  close(firstLoss(join(tmp, 'sigmoid-run')), mean(outputs.flatMap((z, n) => z.map((v, k) => sigmoidCe(v, oneHot(n, k))))));
});

test('a frozen layer is listed once as not regularised, on the console and in the summary; the run is named after the folder', async () => {
  const dir = await savedModel('frozen', 'linear', { frozen: true });
  const cwd = join(tmp, 'frozen-cwd');
  mkdirSync(cwd);
  const run = await cges(['train', '--model', dir, '--reg', 'l2', ...ONE_STEP], cwd);
  assert.equal(run.code, 0, run.stderr);
  const runs = readdirSync(join(cwd, 'runs'));
  assert.match(runs[0], /^frozen-l2-\d{8}-\d{6}$/);
  const out = join(cwd, 'runs', runs[0]);
  assert.equal(run.stdout.match(/not regularised: hidden: frozen \(trainable: false\), so its weights stay/g)?.length, 1);
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  assert.deepEqual(summary.unregularized, [{ layer: 'hidden', reason: 'frozen (trainable: false), so its weights stay' }]);
});

test('a bad loss, a model of another input shape or head, and an unknown compile loss exit 2 with one line', async () => {
  const plain = await savedModel('bad-linear', 'linear');
  const small = await savedModel('bad-small', 'linear', { inputShape: [8, 8, 1] });
  const sigmoid = await savedModel('bad-sigmoid', 'sigmoid');
  const hinge = await savedModel('bad-hinge', 'linear', { loss: 'hinge' });
  const cases: [string[], RegExp][] = [
    [['--model', plain, '--loss', 'hinge'], /--loss must be one of softmax-ce, sigmoid-ce, mse, got "hinge"/],
    [['--model', small], /model bad_small takes inputs \[8, 8, 1\], but the data holds \[28, 28, 1\]/],
    [['--model', sigmoid, '--loss', 'softmax-ce'], /ends in a sigmoid \(layer out\), which --loss softmax-ce cannot train on/],
    [['--model', hinge], /was compiled with the loss hinge, which cges cannot train; give --loss/],
  ];
  const runs = await Promise.all(cases.map(([args], k) => cges(['train', ...args, ...ONE_STEP, '--out', join(tmp, `bad-${k}`)])));
  runs.forEach((run, k) => {
    const lines = run.stderr.trim().split('\n').filter((line) => !line.includes('slower wasm backend'));
    assert.equal(run.code, 2, `${cases[k][0].join(' ')}: ${run.stderr}`);
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0], /^cges: /);
    assert.match(lines[0], cases[k][1]);
    assert.ok(!existsSync(join(tmp, `bad-${k}`)));
  });
});

test('a teacher is read as logits: its softmax head comes off, a sigmoid one is refused in one line', async () => {
  const dir = await savedModel('teacher-softmax', 'softmax');
  const original = await loadModel(dir);
  const teacher = await loadTeacher(resolveTeacherFlag(join(dir, 'model.json')));
  const xs = tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 5);
  const probabilities = original.predict(xs) as tf.Tensor;
  const logits = teacher.predict(xs) as tf.Tensor;
  const softmaxOfLogits = tf.softmax(logits);
  assert.ok(Math.abs(tf.sum(logits).dataSync()[0] - 3) > 1e-3, 'the teacher outputs logits, not probabilities');
  assert.ok(tf.max(tf.abs(tf.sub(softmaxOfLogits, probabilities))).dataSync()[0] < 1e-6);
  tf.dispose([xs, probabilities, logits, softmaxOfLogits]);
  const sigmoid = await savedModel('teacher-sigmoid', 'sigmoid');
  await assert.rejects(loadTeacher(sigmoid), (e: unknown) => e instanceof CgesError && !e.message.includes('\n') &&
    /^teacher \S+teacher-sigmoid ends in a sigmoid \(layer out\): distillation needs a softmax classifier's logits$/.test(e.message));
});
