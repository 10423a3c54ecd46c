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

test('a converter-style model.json: loaded by its path, weights in two shards, quantised to uint8 and float16', async () => {
  const dir = tmp();
  try {
    const model = buildModel('lenet-300-100', { seed: 2 });
    await saveModel(model, dir);
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    const specs: { name: string; shape: number[]; dtype: string; quantization?: object }[] = json.weightsManifest[0].weights;
    const values = model.getWeights().map((w) => w.dataSync<'float32'>());
    // fc1's kernel as uint8 (value = min + q * scale), every other weight as float16.
    const expected: Float32Array[] = [];
    const bytes: Uint8Array[] = values.map((v, i) => {
      if (i === 0) {
        const min = v.reduce((a, b) => Math.min(a, b));
        const scale = (v.reduce((a, b) => Math.max(a, b)) - min) / 255;
        const q = Uint8Array.from(v, (x) => Math.round((x - min) / scale));
        specs[i].quantization = { dtype: 'uint8', min, scale, original_dtype: 'float32' };
        expected.push(Float32Array.from(q, (k) => min + k * scale));
        return q;
      }
      const halves = new Uint16Array(v.length);
      const back = new Float32Array(v.length);
      v.forEach((x, k) => { [halves[k], back[k]] = toFloat16(x); });
      specs[i].quantization = { dtype: 'float16', original_dtype: 'float32' };
      expected.push(back);
      return new Uint8Array(halves.buffer);
    });
    const all = Buffer.concat(bytes);
    const cut = bytes[0].length + 7;
    writeFileSync(join(dir, 'group1-shard1of2.bin'), all.subarray(0, cut));
    writeFileSync(join(dir, 'group1-shard2of2.bin'), all.subarray(cut));
    rmSync(join(dir, 'weights.bin'));
    json.weightsManifest[0].paths = ['group1-shard1of2.bin', 'group1-shard2of2.bin'];
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    const loaded = await loadModel(join(dir, 'model.json'));
    loaded.getWeights().forEach((w, i) => {
      const got = w.dataSync();
      expected[i].forEach((e, k) => assert.ok(Math.abs(got[k] - e) <= 1e-6 * Math.max(1, Math.abs(e)), `weight ${i}[${k}]`));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Rounds to the nearest float16 (normal range, as these weights are): its bits, and its value. */
function toFloat16(x: number): [number, number] {
  if (x === 0) return [0, 0];
  const sign = x < 0 ? 0x8000 : 0;
  const exponent = Math.floor(Math.log2(Math.abs(x)));
  const mantissa = Math.round((Math.abs(x) / 2 ** exponent - 1) * 1024);
  const [e, m] = mantissa === 1024 ? [exponent + 1, 0] : [exponent, mantissa];
  if (e < -14) return [sign, 0];
  return [sign | ((e + 15) << 10) | m, (sign ? -1 : 1) * (1 + m / 1024) * 2 ** e];
}
