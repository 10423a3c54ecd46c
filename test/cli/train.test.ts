// `cges train --teacher`: distillation from a saved model, checked before anything is written, kept
// by --resume; and the settings the recovery flags resolve to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { resolveTrainConfig } from '../../src/cli/train_config.js';
import { saveModel } from '../../src/models/model_io.js';
import { cges, cgesSignalled } from './cli_process.js';

const SMALL = ['--model', 'lenet-300-100', '--train-size', '500', '--test-size', '200', '--backend', 'cpu', '--batch-size', '10',
  '--display-every', '5', '--test-every', '20', '--checkpoint-every', '1000'];

const tmp = mkdtempSync(join(tmpdir(), 'cges-train-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

const events = (dir: string) => readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const weights = (dir: string) => readFileSync(join(dir, 'model', 'weights.bin'));

test('the recovery flags resolve with their defaults, and the distillation ones need a teacher', async () => {
  const plain = resolveTrainConfig({});
  assert.deepEqual([plain.finetuneLr, plain.teacher], ['continue', null]);
  assert.equal(resolveTrainConfig({ finetuneLr: 'rewind' }).finetuneLr, 'rewind');
  assert.throws(() => resolveTrainConfig({ finetuneLr: 'restart' }), /--finetune-lr.*one of continue, rewind/);
  assert.throws(() => resolveTrainConfig({ distillAlpha: '0.5' }), /^CgesError: --distill-alpha needs --teacher PATH/);
  assert.throws(() => resolveTrainConfig({ teacher: join(tmp, 'nowhere') }), /^CgesError: --teacher .*nowhere: no TF.js model there/);
  const dir = join(tmp, 'config-teacher');
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ inputShape: [4], units: 2 }));
  await saveModel(model, dir);
  const taught = resolveTrainConfig({ teacher: dir, distillAlpha: '0.9' });
  assert.deepEqual([taught.teacher, taught.distillTemperature, taught.distillAlpha, taught.distillPhase], [dir, 4, 0.9, 'all']);
  assert.throws(() => resolveTrainConfig({ teacher: dir, distillAlpha: '2' }), /--distill-alpha/);
  assert.throws(() => resolveTrainConfig({ teacher: dir, loss: 'mse' }), /--teacher needs --loss softmax-ce/);
});

test('a teacher that scores other classes is refused in one line before the run folder is written', async () => {
  const dir = join(tmp, 'three-classes');
  const model = tfl.sequential({ name: 'threeway' });
  model.add(tfl.layers.flatten({ inputShape: [28, 28, 1] }));
  model.add(tfl.layers.dense({ units: 3, activation: 'softmax' }));
  await saveModel(model, dir);
  const out = join(tmp, 'refused');
  const run = await cges(['train', ...SMALL, '--iterations', '5', '--teacher', dir, '--out', out]);
  assert.equal(run.code, 2, run.stderr);
  assert.match(run.stderr, /^cges: teacher \S+ outputs \[3\], but the model scores 10 classes\n$/);
  assert.ok(!existsSync(out), 'nothing was written');
});

test('a run distilling from a finished run\'s folder, stopped and resumed, ends exactly as the straight run', async () => {
  const teacher = join(tmp, 'teacher');
  const trained = await cges(['train', ...SMALL, '--reg', 'l2', '--iterations', '20', '--out', teacher]);
  assert.equal(trained.code, 0, trained.stderr);
  const args = [...SMALL, '--target-params', '0.3', '--iterations', '100', '--teacher', teacher, '--distill-alpha', '0.8',
    '--finetune-lr', 'rewind'];
  const out = join(tmp, 'taught-interrupted');
  const stopped = await cgesSignalled(['train', ...args, '--out', out], /step 40,/, 'SIGINT');
  assert.equal(stopped.code, 130, stopped.stderr);
  assert.match(stopped.stdout, /distils from \S+teacher\/model \(temperature 4, alpha 0.8, every step\)/);
  const resumed = await cges(['train', '--resume', out]);
  assert.equal(resumed.code, 0, resumed.stderr);
  const straightOut = join(tmp, 'taught-straight');
  const straight = await cges(['train', ...args, '--out', straightOut]);
  assert.equal(straight.code, 0, straight.stderr);
  assert.deepEqual(weights(out), weights(straightOut));
  assert.deepEqual(events(out), events(straightOut));
});
