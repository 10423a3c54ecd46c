// cges train, compact and eval on data that is not MNIST: a small CIFAR-10 binary set written here. The
// model is built for its 32x32x3 images and 10 classes, the log names what was read, and compaction
// proves equality on its test split.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRunData } from '../../src/cli/train_data.js';
import { referenceData, writeCifar10, writeCsvSet } from '../data/dataset_files.js';
import { cges } from './cli_process.js';

const tmp = mkdtempSync(join(tmpdir(), 'cges-train-data-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('cges train builds the model for CIFAR-10 images, then compact and eval read the same data', async () => {
  const data = join(tmp, 'cifar');
  mkdirSync(data);
  writeCifar10(data, referenceData([32, 32, 3], [60, 20], 10));
  const out = join(tmp, 'run');
  const run = await cges(['train', '--data', data, '--model', 'lenet5', '--reg', 'l2', '--iterations', '3',
    '--batch-size', '20', '--test-every', '3', '--out', out, '--compact']);
  assert.equal(run.code, 0, run.stderr);
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
