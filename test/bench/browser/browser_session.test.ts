// The browser bench end to end on loopback, no mocks: the real static server and Debian's headless
// Chromium (/usr/bin/chromium, which .ci/run installs; without it this fails and says how to install it).
// The page loads dense and compacted seed-mnist and lenet5 on the wasm backend and classifies a seeded
// batch; the compacted model's classes must equal the dense one's, and the dense model's must equal what
// TF.js's cpu backend computes in Node on the same inputs (the reference). A one-round timing shows the
// page's throughput path runs. Closing stops the browser and the server.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { randomInputs } from '../../../src/compact/verify.js';
import { loadModel } from '../../../src/models/model_io.js';
import { PRUNED_MACS, prunedPair, type BrowserModelPair } from '../../../bench/browser/browser_models.js';
import { BrowserSession } from '../../../bench/browser/browser_session.js';
import '../../structure/fixtures.js';

const COUNT = 16;

async function cpuClasses(pair: BrowserModelPair): Promise<number[]> {
  const model = await loadModel(pair.denseDir);
  const x = randomInputs(model, COUNT, 1);
  const classes = tf.tidy(() => tf.argMax(model.predict(x) as tf.Tensor, 1).arraySync() as number[]);
  x.dispose();
  model.dispose();
  return classes;
}

describe('browser bench page in headless Chromium (wasm)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cges-browser-test-'));
  let pairs: BrowserModelPair[] = [];
  let session: BrowserSession | undefined;

  before(async () => {
    pairs = [await prunedPair('seed-mnist', PRUNED_MACS['seed-mnist'], dir), await prunedPair('lenet5', PRUNED_MACS.lenet5, dir)];
    session = await BrowserSession.open(pairs, { timeoutMs: 20_000 });
  });

  after(async () => {
    await session?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs TF.js on the wasm backend', () => {
    assert.equal(session?.backend.backend, 'wasm');
  });

  for (const network of ['seed-mnist', 'lenet5']) {
    it(`${network}: the compacted model classifies the batch as the dense one, and the dense as the cpu backend`, async () => {
      assert.ok(session !== undefined);
      const pair = pairs.find((p) => p.network === network);
      assert.ok(pair !== undefined && pair.macsKept < 0.25, `${network} compacted to ${pair?.macsKept} of its MACs`);
      const result = await session.call('classify', network, COUNT);
      assert.equal(result.predictedDense.length, COUNT);
      assert.deepEqual(result.predictedCompacted, result.predictedDense);
      assert.ok(result.sameClasses && result.logitsAgree, `max |logit diff| ${result.maxAbsDiff} of ${result.scale}`);
      assert.deepEqual(result.predictedDense, await cpuClasses(pair));
    });
  }

  it('times both models in the page', async () => {
    assert.ok(session !== undefined);
    const [pair] = await session.call('measure', 'lenet5', [2], { warmup: 1, rounds: 1, minRuns: 1, minSeconds: 0.01 });
    assert.equal(pair.batch, 2);
    assert.ok(pair.before > 0 && pair.after > 0, `${pair.before}, ${pair.after} examples/s`);
    assert.deepEqual([pair.roundsBefore.length, pair.roundsAfter.length], [1, 1]);
  });

  it('serves only its routes, and nothing once closed', async () => {
    assert.ok(session !== undefined);
    const { origin } = session;
    assert.equal((await fetch(`${origin}/models/lenet5/dense/model.json`)).status, 200);
    assert.equal((await fetch(`${origin}/models/lenet5/dense/../../../package.json`)).status, 404);
    assert.equal((await fetch(`${origin}/wasm/nothing.wasm`)).status, 404);
    assert.equal((await fetch(`${origin}/`, { method: 'POST' })).status, 405);
    await session.close();
    session = undefined;
    await assert.rejects(fetch(`${origin}/`));
  });
});
