import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  checkTeacherFits, distillationLoss, distillationWeight, resolveTeacher, softTargetKl, teacherLogits,
} from '../../src/train/distillation.js';
import type { TrainStateSnapshot } from '../../src/train/train_state.js';
import { createTrainState, train, type TrainOptions } from '../../src/train/trainer.js';
import { CgesError } from '../../src/util/errors.js';
import { fakeMnist, resumableRun, tinyConvNet } from './fixtures.js';

await tf.setBackend('cpu');

const softmax = (z: number[], t: number) => {
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp((v - max) / t));
  const total = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / total);
};

/** Float64 reference: (1 - alpha) * mean CE(y, softmax(s)) + alpha * T^2 * mean KL(softmax(t/T) || softmax(s/T)). */
function referenceLoss(s: number[][], t: number[][], y: number[][], temperature: number, alpha: number): number {
  let hard = 0;
  let kl = 0;
  s.forEach((row, n) => {
    const p = softmax(row, 1);
    hard -= y[n].reduce((sum, yk, k) => sum + yk * Math.log(p[k]), 0);
    const ps = softmax(row, temperature);
    const pt = softmax(t[n], temperature);
    kl += pt.reduce((sum, ptk, k) => sum + ptk * Math.log(ptk / ps[k]), 0);
  });
  return ((1 - alpha) * hard + alpha * temperature ** 2 * kl) / s.length;
}

const S = [[1.2, -0.3, 0.5], [0.1, 2.0, -1.1]];
const T = [[2.5, 0.2, -0.7], [-0.4, 1.5, 0.9]];
const Y = [[1, 0, 0], [0, 0, 1]];

function tfLoss(s: tf.Tensor2D, temperature: number, alpha: number): tf.Scalar {
  return tf.tidy(() => {
    const hard = tf.losses.softmaxCrossEntropy(tf.tensor2d(Y), s);
    return distillationLoss(hard as tf.Scalar, s, tf.tensor2d(T), { temperature, alpha });
  });
}

test('the loss is (1 - alpha) CE + alpha T^2 KL(teacher_T || student_T), by a float64 reference', () => {
  for (const [temperature, alpha] of [[4, 0.7], [1, 0.5], [2.5, 1], [4, 0]]) {
    const got = tfLoss(tf.tensor2d(S), temperature, alpha).dataSync()[0];
    const want = referenceLoss(S, T, Y, temperature, alpha);
    assert.ok(Math.abs(got - want) < 1e-5, `T ${temperature} alpha ${alpha}: ${got} vs ${want}`);
  }
  // KL of a distribution with itself is 0, and positive otherwise.
  assert.ok(Math.abs(softTargetKl(tf.tensor2d(T), tf.tensor2d(T), 3).dataSync()[0]) < 1e-7);
  assert.ok(softTargetKl(tf.tensor2d(S), tf.tensor2d(T), 3).dataSync()[0] > 0.01);
});

test('the gradient in the student logits is (1-alpha)(p - y)/B + alpha T (p_s,T - p_t,T)/B, and finite differences agree', () => {
  const temperature = 4;
  const alpha = 0.7;
  const grad = tf.grad((s: tf.Tensor) => tfLoss(s as tf.Tensor2D, temperature, alpha))(tf.tensor2d(S));
  const got = [...grad.dataSync()];
  const closed = S.flatMap((row, n) => {
    const p = softmax(row, 1);
    const ps = softmax(row, temperature);
    const pt = softmax(T[n], temperature);
    return row.map((_, k) => ((1 - alpha) * (p[k] - Y[n][k]) + alpha * temperature * (ps[k] - pt[k])) / S.length);
  });
  const h = 1e-6;
  const finite = S.flatMap((row, n) => row.map((_, k) => {
    const shifted = (d: number) => S.map((r, m) => r.map((v, j) => (m === n && j === k ? v + d : v)));
    return (referenceLoss(shifted(h), T, Y, temperature, alpha) - referenceLoss(shifted(-h), T, Y, temperature, alpha)) / (2 * h);
  }));
  closed.forEach((want, i) => {
    assert.ok(Math.abs(got[i] - want) < 1e-6, `d/ds[${i}] ${got[i]} vs closed form ${want}`);
    assert.ok(Math.abs(finite[i] - want) < 1e-7, `finite difference ${finite[i]} vs closed form ${want}`);
  });
});

test('the teacher\'s logits are read in inference mode: dropout off, the same logits every call', () => {
  const teacher = tinyConvNet(3);
  const xs = tf.tensor4d(fakeMnist(4, 1).images, [4, 28, 28, 1]);
  const a = teacherLogits(teacher, xs);
  const b = teacherLogits(teacher, xs);
  const predicted = teacher.predict(xs) as tf.Tensor;
  assert.deepEqual([...a.dataSync()], [...b.dataSync()]);
  assert.deepEqual([...a.dataSync()], [...predicted.dataSync()]);
  tf.dispose([xs, a, b, predicted]);
});

test('a teacher that does not fit the student is a one-line CgesError naming the shapes', () => {
  const student = tinyConvNet(1);
  const wide = tfl.sequential({ name: 'wide' });
  wide.add(tfl.layers.flatten({ inputShape: [28, 28, 1] }));
  wide.add(tfl.layers.dense({ units: 5 }));
  const oneLine = (pattern: RegExp) => (e: unknown) => e instanceof CgesError && pattern.test(e.message) && !e.message.includes('\n');
  assert.throws(() => checkTeacherFits(wide, student), oneLine(/^teacher wide outputs \[5\], but the model scores 3 classes$/));
  const small = tfl.sequential({ name: 'small' });
  small.add(tfl.layers.flatten({ inputShape: [14, 14, 1] }));
  small.add(tfl.layers.dense({ units: 3 }));
  assert.throws(() => checkTeacherFits(small, student), oneLine(/^teacher small takes inputs \[14, 14, 1\], but the model trains on \[28, 28, 1\]$/));
  checkTeacherFits(tinyConvNet(2), student);
  assert.throws(() => resolveTeacher({ model: student, alpha: 1.5 }), /alpha must be in \[0, 1\], got 1.5/);
  assert.throws(() => resolveTeacher({ model: student, temperature: 0 }), /temperature must be > 0/);
  assert.deepEqual(
    { ...resolveTeacher({ model: student }), model: null }, { model: null, temperature: 4, alpha: 0.7, phase: 'all' },
  );
});

const data = { train: fakeMnist(40, 1), test: fakeMnist(10, 2) };
const weightsOf = (o: TrainOptions) => o.model.getWeights().map((t) => [...t.dataSync()]);

test('with alpha 0 training is bit-identical to training without a teacher; with alpha > 0 it is not', async () => {
  const teacher = tinyConvNet(7);
  const plain = resumableRun(data, 1, 12);
  await train(plain);
  const silent = resumableRun(data, 1, 12, { teacher: { model: teacher, alpha: 0 } });
  await train(silent);
  assert.deepEqual(weightsOf(silent), weightsOf(plain));
  const taught = resumableRun(data, 1, 12, { teacher: { model: teacher, alpha: 0.5 } });
  await train(taught);
  assert.notDeepEqual(weightsOf(taught), weightsOf(plain));
});

test('distilling only while fine-tuning leaves the sparsifying steps as they were', async () => {
  const teacher = tinyConvNet(7);
  // The last 5 of 12 steps fine-tune: the first 7 sparsify.
  const structure = { finetune: 5 };
  const atStep7 = async (options: TrainOptions) => {
    const seen: number[][] = [];
    await train({ ...options, onStep: (step) => { if (step === 7) seen.push(...weightsOf(options)); } });
    return { seen, final: weightsOf(options) };
  };
  const plain = await atStep7(resumableRun(data, 1, 12, { structure }));
  const late = await atStep7(resumableRun(data, 1, 12, { structure, teacher: { model: teacher, phase: 'finetune' } }));
  assert.deepEqual(late.seen, plain.seen);
  assert.notDeepEqual(late.final, plain.final);
  const always = await atStep7(resumableRun(data, 1, 12, { structure, teacher: { model: teacher } }));
  assert.notDeepEqual(always.seen, plain.seen);
});

test('the soft term is weighed in over the first tenth of the steps that distil', () => {
  // Every step of 3,000 distils: the first 300 ramp.
  assert.equal(distillationWeight(0.7, 'all', 0, null, 3000), 0.7 * (1 / 300));
  assert.equal(distillationWeight(0.7, 'all', 149, null, 3000), 0.7 * (150 / 300));
  assert.equal(distillationWeight(0.7, 'all', 299, 690, 3000), 0.7);
  assert.equal(distillationWeight(0.7, 'all', 2999, 690, 3000), 0.7);
  // Fine-tuning after step 690 distils: 2,310 steps, the first 231 ramping.
  assert.equal(distillationWeight(0.7, 'finetune', 690, 690, 3000), 0.7 * (1 / 231));
  assert.equal(distillationWeight(0.7, 'finetune', 700, 690, 3000), 0.7 * (11 / 231));
  assert.equal(distillationWeight(0.7, 'finetune', 920, 690, 3000), 0.7);
  // Fewer than ten steps are weighed in at once.
  assert.equal(distillationWeight(0.5, 'finetune', 95, 95, 100), 0.5);
  assert.equal(distillationWeight(0.5, 'all', 0, null, 9), 0.5);
});

test('a ramped step is the step of a run distilling at that weight', async () => {
  const teacher = tinyConvNet(7);
  // 20 of 27 steps fine-tune, after step 7: the soft term weighs 0.4 at step 8, 0.8 from step 9 on.
  const structure = { finetune: 20 };
  const seen = new Map<number, number[][]>();
  const ramped = resumableRun(data, 1, 27, { structure, teacher: { model: teacher, alpha: 0.8, phase: 'finetune' } });
  await train({ ...ramped, onStep: (step) => { if (step === 8 || step === 9) seen.set(step, weightsOf(ramped)); } });
  // The same run step by step from a snapshot, each step distilling at a fixed weight: with phase all
  // resumed past its ramp (at step 7 of 27, three steps ramp), distillation is on at alpha.
  let snapshot: TrainStateSnapshot | null = null;
  const through = async (last: number, alpha: number) => {
    let at = 0;
    const run = resumableRun(data, 1, 27, {
      structure, teacher: { model: teacher, alpha, phase: snapshot === null ? 'finetune' : 'all' },
      onStep: (step) => { at = step; }, shouldStop: () => at === last,
    });
    const state = createTrainState(run);
    if (snapshot !== null) await state.restore(snapshot);
    const result = await train({ ...run, state });
    snapshot = await result.state.snapshot();
    return weightsOf(run);
  };
  await through(7, 0.8);
  assert.deepEqual(await through(8, 0.4), seen.get(8));
  assert.deepEqual(await through(9, 0.8), seen.get(9));
});

test('a run with a teacher resumed from a snapshot ends exactly where the unbroken run ends; nothing leaks', async () => {
  const teacher = tinyConvNet(7);
  // 80 steps: the soft term ramps over the first 8, and the run stops in the ramp, after step 6.
  const straight = resumableRun(data, 1, 80, { teacher: { model: teacher, temperature: 3, alpha: 0.8 } });
  const counts: number[] = [];
  await train({ ...straight, onStep: () => counts.push(tf.memory().numTensors) });
  assert.deepEqual(counts.slice(2), new Array(counts.length - 2).fill(counts[2]), `tensors per step: ${counts}`);
  let last = 0;
  const first = resumableRun(data, 1, 80, {
    teacher: { model: teacher, temperature: 3, alpha: 0.8 }, onStep: (step) => { last = step; }, shouldStop: () => last === 6,
  });
  const stopped = await train(first);
  assert.equal(stopped.stopped, true);
  const snapshot = await stopped.state.snapshot();
  const resumed = resumableRun(data, 1, 80, { teacher: { model: teacher, temperature: 3, alpha: 0.8 } });
  const state = createTrainState(resumed);
  await state.restore(snapshot);
  await train({ ...resumed, state });
  assert.deepEqual(weightsOf(resumed), weightsOf(straight));
});

test('train() refuses a teacher beside a loss other than softmax-ce, and one of the wrong shape', async () => {
  const wide = tfl.sequential({ name: 'wide' });
  wide.add(tfl.layers.flatten({ inputShape: [28, 28, 1] }));
  wide.add(tfl.layers.dense({ units: 4 }));
  await assert.rejects(train(resumableRun(data, 1, 2, { teacher: { model: wide } })), /teacher wide outputs \[4\]/);
  await assert.rejects(
    train(resumableRun(data, 1, 2, { teacher: { model: tinyConvNet(2) }, loss: 'mse' })), /distillation needs the softmax-ce loss/,
  );
});
