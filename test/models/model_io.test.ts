import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { buildModel } from '../../src/models/registry.js';
import { loadModel, saveModel } from '../../src/models/model_io.js';
import { CgesError } from '../../src/util/errors.js';

await tf.setBackend('cpu');

const tmp = () => mkdtempSync(join(tmpdir(), 'cges-model-io-'));

test('save then load gives identical weights and identical predictions', async () => {
  const dir = tmp();
  try {
    const model = buildModel('lenet5', { seed: 4 });
    await saveModel(model, join(dir, 'model'));
    const json = JSON.parse(readFileSync(join(dir, 'model', 'model.json'), 'utf8'));
    assert.equal(json.format, 'layers-model');
    assert.deepEqual(json.weightsManifest[0].paths, ['./weights.bin']);
    const loaded = await loadModel(join(dir, 'model'));
    const before = model.getWeights().map((w) => [...w.dataSync()]);
    assert.deepEqual(loaded.getWeights().map((w) => [...w.dataSync()]), before);
    const x = tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 7);
    const expected = model.predict(x) as tf.Tensor;
    const actual = loaded.predict(x) as tf.Tensor;
    assert.deepEqual([...actual.dataSync()], [...expected.dataSync()]);
    tf.dispose([x, expected, actual]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing or corrupt model is a CgesError naming the file', async () => {
  const dir = tmp();
  try {
    const isCges = (pattern: RegExp) => (e: unknown) => e instanceof CgesError && pattern.test(e.message);
    await assert.rejects(() => loadModel(join(dir, 'nope')), isCges(/model directory .*nope does not exist/));
    await assert.rejects(() => loadModel(dir), isCges(/model\.json is missing/));
    const modelDir = join(dir, 'm');
    await saveModel(buildModel('lenet-300-100', { seed: 1 }), modelDir);
    // (784*300 + 300*100 + 100*10 kernel + 300 + 100 + 10 bias) float32 weights = 1,066,440 bytes.
    truncateSync(join(modelDir, 'weights.bin'), 100);
    await assert.rejects(() => loadModel(modelDir), isCges(/weights\.bin holds 100 bytes but .*model\.json expects 1066440/));
    rmSync(join(modelDir, 'weights.bin'));
    await assert.rejects(() => loadModel(modelDir), isCges(/weights\.bin is missing/));
    writeFileSync(join(modelDir, 'model.json'), '{"modelTopology": ');
    await assert.rejects(() => loadModel(modelDir), isCges(/model\.json is not valid JSON/));
    writeFileSync(join(modelDir, 'model.json'), '{"hello": 1}');
    await assert.rejects(() => loadModel(modelDir), isCges(/not a TF\.js layers model/));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
