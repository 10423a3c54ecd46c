// The optimisers a run may use, continued from their saved weights (getWeights / setWeights into a fresh
// optimiser of the same kind, as a checkpoint restores them): bit-identical to one that never stopped.
// TF.js's own Adam is not (its bias-correction products are left out of its weights), so this is a test
// of ScheduledAdam's own state, not a restatement of TF.js's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// The gradients of the ops (tfjs-layers registers them all).
import '@tensorflow/tfjs-layers';
import { makeOptimizer, OPTIMIZER_NAMES, type ScheduledOptimizer } from '../../src/train/optimizers.js';

await tf.setBackend('cpu');

const [STEPS, STOP] = [12, 5];

/** Minimises sum((w - target)^2 * scale) over a [4, 3] weight, steps [from, to), with gradients that change each step. */
function run(optimizer: ScheduledOptimizer, w: tf.Variable, from: number, to: number): void {
  for (let step = from; step < to; step++) {
    const target = tf.tidy(() => tf.sin(tf.add(tf.reshape(tf.range(0, 12), [4, 3]), step)));
    optimizer.minimize(() => tf.sum(tf.mul(tf.square(tf.sub(w, target)), 1 + step / 7)), false, [w]);
    target.dispose();
  }
}

for (const name of OPTIMIZER_NAMES) {
  test(`${name} continued from its saved weights in a fresh optimiser is bit-identical to one that never stopped`, async () => {
    const initial = tf.tidy(() => tf.randomNormal([4, 3], 0, 1, 'float32', 3));
    const straightW = tf.variable(initial.clone(), true, `straight-${name}`);
    const straight = makeOptimizer(name, 0.05);
    run(straight, straightW, 0, STEPS);

    const w = tf.variable(initial.clone(), true, `resumed-${name}`);
    const first = makeOptimizer(name, 0.05);
    run(first, w, 0, STOP);
    const saved = await first.getWeights();
    const second = makeOptimizer(name, 0.05);
    await second.setWeights(saved);
    run(second, w, STOP, STEPS);

    assert.deepEqual(Array.from(w.dataSync()), Array.from(straightW.dataSync()));
    assert.notDeepEqual(Array.from(w.dataSync()), Array.from(initial.dataSync()));
    tf.dispose(saved.map(({ tensor }) => tensor).filter((tensor) => !(tensor instanceof tf.Variable)));
    [straight, first, second].forEach((optimizer) => optimizer.dispose());
    tf.dispose([initial, straightW, w]);
  });
}

for (const name of OPTIMIZER_NAMES) {
  test(`${name} leaves no tensor behind once disposed, after steps and learning-rate changes`, () => {
    const w = tf.variable(tf.ones([4, 3]), true, `disposed-${name}`);
    const before = tf.memory().numTensors;
    const optimizer = makeOptimizer(name, 0.05);
    run(optimizer, w, 0, 3);
    optimizer.setLearningRate(0.01);
    run(optimizer, w, 3, 5);
    optimizer.dispose();
    assert.equal(tf.memory().numTensors, before);
    w.dispose();
  });
}
