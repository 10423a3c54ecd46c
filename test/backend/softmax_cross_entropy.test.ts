// The fused softmax cross-entropy (softmax_cross_entropy.ts) on onednn against tf.losses.softmaxCrossEntropy
// on the cpu backend: the loss and the gradients for logits and labels, plain and under a scaled loss, for
// batch 1, odd class counts, soft labels and logits large enough to overflow a naive exp.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { SOFTMAX_CROSS_ENTROPY } from '../../src/backend/kernels/softmax_cross_entropy.js';
import { softmaxCrossEntropyLoss } from '../../src/backend/softmax_cross_entropy.js';
import { assertAllClose, onBothBackends, seededValues, skipWithoutAddon } from './kernels/backend_compare.js';

const CASES = [
  { rows: 1, classes: 10, logitScale: 3 },
  { rows: 100, classes: 10, logitScale: 3 },
  { rows: 7, classes: 3, logitScale: 800 },
];

/** Soft labels: each row a probability distribution. */
function softLabels(rows: number, classes: number, seed: number): Float32Array {
  const raw = seededValues(rows * classes, seed).map((v) => v + 1);
  for (let r = 0; r < rows; r++) {
    const row = raw.subarray(r * classes, (r + 1) * classes);
    const total = row.reduce((a, b) => a + b, 0);
    row.forEach((v, c) => { row[c] = v / total; });
  }
  return raw;
}

for (const { rows, classes, logitScale } of CASES) {
  test(`softmax cross-entropy [${rows}, ${classes}] (logits x${logitScale}) matches TF.js on cpu`,
    { skip: skipWithoutAddon }, async () => {
      const labels0 = softLabels(rows, classes, 80 + rows);
      const logits0 = seededValues(rows * classes, 90 + rows).map((v) => v * logitScale);
      // On cpu the op is TF.js's own composition; on onednn, the one native kernel.
      const { cpu, onednn } = await onBothBackends(() => {
        const labels = tf.tensor2d(labels0, [rows, classes]);
        const logits = tf.tensor2d(logits0, [rows, classes]);
        const loss = (l: tf.Tensor, x: tf.Tensor) => softmaxCrossEntropyLoss(l, x);
        const scaled = (l: tf.Tensor, x: tf.Tensor) => tf.mul(2.5, softmaxCrossEntropyLoss(l, x)) as tf.Scalar;
        const { value, grads } = tf.valueAndGrads(loss)([labels, logits]);
        return [value, ...grads, ...tf.grads(scaled)([labels, logits])];
      });
      ['loss', 'logits gradient', 'labels gradient', 'scaled logits gradient', 'scaled labels gradient']
        .forEach((what, i) => assertAllClose(onednn[i], cpu[i], what, 1e-6, 1e-6));
      assert.ok(Number.isFinite(onednn[0][0]), 'a finite loss');
    });
}

test('the loss and its gradients run as one kernel on onednn', { skip: skipWithoutAddon }, async () => {
  await onBothBackends(() => []);
  await tf.setBackend('onednn');
  const labels = tf.tensor2d([0, 1, 0, 1, 0, 0, 0, 0, 1], [3, 3]);
  const logits = tf.tensor2d(seededValues(9, 3), [3, 3]);
  const profile = await tf.profile(() => tf.grad((x: tf.Tensor) => softmaxCrossEntropyLoss(labels, x))(logits));
  const kernels = profile.kernelNames;
  tf.dispose([labels, logits]);
  await tf.setBackend('cpu');
  assert.ok(kernels.includes(SOFTMAX_CROSS_ENTROPY), kernels.join(', '));
  for (const composed of ['Max', 'Exp', 'Log', 'Sum', 'Sub', 'RealDiv']) {
    assert.ok(!kernels.includes(composed), `${composed} runs: ${kernels.join(', ')}`);
  }
});

test('int32 labels (stored as an Int32Array) give the cpu backend\'s loss and gradients', { skip: skipWithoutAddon },
  async () => {
    const logits0 = seededValues(6 * 5, 61).map((v) => 3 * v);
    const { cpu, onednn } = await onBothBackends(() => {
      const classes = [0, 4, 2, 2, 1, 3];
      const labels = tf.tensor2d(Int32Array.from({ length: 30 }, (_, i) => Number(classes[Math.floor(i / 5)] === i % 5)),
        [6, 5], 'int32');
      const logits = tf.tensor2d(logits0, [6, 5]);
      const loss = (l: tf.Tensor) => tf.getBackend() === 'onednn' ? softmaxCrossEntropyLoss(labels, l)
        : tf.losses.softmaxCrossEntropy(labels, l);
      const { value, grad } = tf.valueAndGrad(loss)(logits);
      return [value, grad];
    });
    cpu.forEach((expected, i) => assertAllClose(onednn[i], expected, `output ${i}`));
  });
