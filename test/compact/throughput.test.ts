// Throughput measurement: it runs at least the minimum time, returns a finite positive rate, and
// leaks nothing; a comparison keeps every round, and its rates and speed-up are those of the best rounds.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { compareThroughput, measureThroughput } from '../../src/compact/throughput.js';
import '../structure/fixtures.js';

function tinyModel(units: number): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ inputShape: [8], units }));
  return model;
}

describe('measureThroughput', () => {
  it('measures for at least minSeconds and returns examples per second', () => {
    const model = tinyModel(4);
    const before = tf.memory().numTensors;
    const start = performance.now();
    const rate = measureThroughput(model, 10, { warmup: 1, minSeconds: 0.1, minRuns: 2 });
    const seconds = (performance.now() - start) / 1000;
    assert.ok(seconds >= 0.1, `took ${seconds} s`);
    // At least 2 timed runs of 10 examples within the elapsed time.
    assert.ok(Number.isFinite(rate) && rate >= 20 / seconds, `rate ${rate}`);
    assert.equal(tf.memory().numTensors, before);
    model.dispose();
  });

  it('compares two models batch by batch, keeping every round', () => {
    const [a, b] = [tinyModel(4), tinyModel(2)];
    const pairs = compareThroughput(a, b, [1, 5], { warmup: 1, minSeconds: 0.02, rounds: 4 });
    assert.deepEqual(pairs.map((p) => p.batch), [1, 5]);
    for (const p of pairs) {
      assert.equal(p.roundsBefore.length, 4);
      assert.equal(p.roundsAfter.length, 4);
      assert.ok([...p.roundsBefore, ...p.roundsAfter].every((rate) => Number.isFinite(rate) && rate > 0));
      assert.equal(p.before, Math.max(...p.roundsBefore));
      assert.equal(p.after, Math.max(...p.roundsAfter));
      assert.ok(Math.abs(p.speedup - p.after / p.before) < 1e-12);
    }
    a.dispose();
    b.dispose();
  });
});
