// The onednn AvgPoolGrad kernel, through tf.grad of a weighted average pool, against the cpu kernel and a
// float64 brute force of TF.js's AvgPoolGrad contract: each dy cell divided by the whole window and added
// to the window's cells inside x. Padded windows (SAME, explicit) are where that contract and the exact
// gradient of AvgPool (which divides by the cells inside x) part; the native kernel once took the latter.
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { backend_util } from '@tensorflow/tfjs-core';
import { assertAllClose, seededValues, skipWithoutAddon } from './backend_compare.js';
import { assertSameAsCpu, oneDnnAvailable, outputsOn } from './onednn_test_utils.js';
import { describeCase, EXPLICIT_PAD_CASES, POOL_CASES, type PoolCase } from './pool_cases.js';

/** dx[cell] = sum over the windows holding the cell of dy / (fH * fW). */
function bruteForceGrad(c: PoolCase, dy: Float32Array): Float64Array {
  const info = backend_util.computePool2DInfo(c.shape, c.filter, c.strides, 1, c.pad);
  const [n, h, w, ch] = c.shape;
  const windowSize = info.filterHeight * info.filterWidth;
  const dx = new Float64Array(n * h * w * ch);
  for (let b = 0; b < n; b++) {
    for (let oy = 0; oy < info.outHeight; oy++) {
      for (let ox = 0; ox < info.outWidth; ox++) {
        const y0 = oy * info.strideHeight - info.padInfo.top, x0 = ox * info.strideWidth - info.padInfo.left;
        const rows = [...Array(info.filterHeight).keys()].map((k) => y0 + k).filter((y) => y >= 0 && y < h);
        const cols = [...Array(info.filterWidth).keys()].map((k) => x0 + k).filter((x) => x >= 0 && x < w);
        for (let d = 0; d < ch; d++) {
          const share = dy[((b * info.outHeight + oy) * info.outWidth + ox) * ch + d] / windowSize;
          for (const y of rows) for (const x of cols) dx[((b * h + y) * w + x) * ch + d] += share;
        }
      }
    }
  }
  return dx;
}

for (const [index, c] of [...POOL_CASES, ...EXPLICIT_PAD_CASES].entries()) {
  test(`AvgPoolGrad is TF.js's: ${describeCase(c)}`, { skip: skipWithoutAddon }, () => {
    oneDnnAvailable();
    const x = seededValues(c.shape.reduce((a, b) => a * b, 1), 500 + index);
    const yShape = tf.tidy(() => tf.avgPool(tf.zeros<tf.Rank.R4>(c.shape), c.filter, c.strides, c.pad).shape);
    const dy = seededValues(yShape.reduce((a, b) => a * b, 1), 600 + index);
    // tf.grad types its input as a plain Tensor; the reshape only restores the rank for tf.avgPool.
    const gradient = () => tf.tidy(() => tf.grad((t: tf.Tensor) =>
      tf.sum(tf.mul(tf.avgPool(tf.reshape<tf.Rank.R4>(t, c.shape), c.filter, c.strides, c.pad), tf.tensor(dy, yShape))),
    )(tf.tensor4d(x, c.shape)));
    assertSameAsCpu(describeCase(c), gradient, { native: 'avgPoolGrad', tol: 1e-5 });
    const [onednn] = outputsOn('onednn', gradient);
    assertAllClose(onednn.values, bruteForceGrad(c, dy), `${describeCase(c)} vs brute force`);
  });
}
