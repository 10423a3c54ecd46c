// The onednn AvgPoolGrad kernel, through tf.grad of a weighted average pool: against the cpu kernel where no
// window overlaps the padding, and everywhere against a float64 brute-force transpose of the forward average
// over the cells inside x (the cpu kernel divides by the full window there, which is not AvgPool's gradient).
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import { assertAllClose, onBothBackends, seededValues, skipWithoutAddon } from './backend_compare.js';
import { describeCase, POOL_CASES, type PoolCase } from './pool_cases.js';

/** dx[cell] = sum over the windows holding the cell of dy / (that window's cells inside x). */
function bruteForceGrad(c: PoolCase, dy: Float32Array): Float64Array {
  const info = backend_util.computePool2DInfo(c.shape, c.filter, c.strides, 1, c.pad);
  const [n, h, w, ch] = c.shape;
  const dx = new Float64Array(n * h * w * ch);
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < info.outHeight; oy++) {
      for (let ox = 0; ox < info.outWidth; ox++) {
        const y0 = oy * info.strideHeight - info.padInfo.top, x0 = ox * info.strideWidth - info.padInfo.left;
        const rows = [...Array(info.filterHeight).keys()].map((k) => y0 + k).filter((y) => y >= 0 && y < h);
        const cols = [...Array(info.filterWidth).keys()].map((k) => x0 + k).filter((x) => x >= 0 && x < w);
        for (let d = 0; d < ch; d++) {
          const share = dy[((b * info.outHeight + oy) * info.outWidth + ox) * ch + d] / (rows.length * cols.length);
          for (const y of rows) for (const x of cols) dx[((b * h + y) * w + x) * ch + d] += share;
        }
      }
    }
  }
  return dx;
}

function hasPadding(c: PoolCase): boolean {
  const { top, bottom, left, right } = backend_util.computePool2DInfo(c.shape, c.filter, c.strides, 1, c.pad).padInfo;
  return top + bottom + left + right > 0;
}

for (const [index, c] of POOL_CASES.entries()) {
  test(`AvgPoolGrad is the gradient of AvgPool: ${describeCase(c)}`, { skip: skipWithoutAddon }, async () => {
    const x = seededValues(c.shape.reduce((a, b) => a * b, 1), 500 + index);
    const yShape = tf.tidy(() => tf.avgPool(tf.zeros<tf.Rank.R4>(c.shape), c.filter, c.strides, c.pad).shape);
    const dy = seededValues(yShape.reduce((a, b) => a * b, 1), 600 + index);
    const { cpu, onednn } = await onBothBackends(() => {
      // tf.grad types its input as a plain Tensor; the reshape only restores the rank for tf.avgPool.
      const loss = (t: tf.Tensor) =>
        tf.sum(tf.mul(tf.avgPool(tf.reshape<tf.Rank.R4>(t, c.shape), c.filter, c.strides, c.pad), tf.tensor(dy, yShape)));
      return [tf.grad(loss)(tf.tensor4d(x, c.shape))];
    });
    assertAllClose(onednn[0], bruteForceGrad(c, dy), `${describeCase(c)} vs brute force`);
    if (!hasPadding(c)) assertAllClose(onednn[0], cpu[0], `${describeCase(c)} vs cpu`);
  });
}
