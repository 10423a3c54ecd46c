// Per-layer slicing contract: kernel slicing against tf.gather on the TF.js layout, and the exactness of
// folding a constant input channel against actually running the conv on a constant map.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { sliceKernelMatrix, slicerFor } from '../../src/structure/layer_slicers.js';
import { seededValues } from './fixtures.js';

describe('sliceKernelMatrix', () => {
  it('matches gathering input channels and output units of a conv kernel [kh, kw, in, out]', () => {
    const shape = [3, 2, 5, 4];
    const values = seededValues(3 * 2 * 5 * 4, 11);
    const keepIn = [0, 2, 3];
    const keepOut = [1, 3];
    const sliced = sliceKernelMatrix(values, 3 * 2 * 5, 4, 5, keepIn, keepOut);
    const expected = tf.tidy(() => tf.gather(tf.gather(tf.tensor(values, shape), keepIn, 2), keepOut, 3).dataSync());
    assert.deepEqual(Array.from(sliced), Array.from(expected));
    const slicer = slicerFor('Conv2D');
    assert.deepEqual(slicer?.slicedShape(shape, 5, keepIn.length, keepOut.length), [3, 2, 3, 2]);
  });

  it('matches gathering channels of a dense kernel fed by a flattened [H, W, C] map', () => {
    const [positions, channels, out] = [6, 4, 3];
    const values = seededValues(positions * channels * out, 5);
    const keepIn = [1, 2];
    const keepOut = [0, 2];
    const sliced = sliceKernelMatrix(values, positions * channels, out, channels, keepIn, keepOut);
    const expected = tf.tidy(() => {
      const grid = tf.tensor(values, [positions, channels, out]);
      return tf.gather(tf.gather(grid, keepIn, 1), keepOut, 2).dataSync();
    });
    assert.deepEqual(Array.from(sliced), Array.from(expected));
    const slicer = slicerFor('Dense');
    assert.deepEqual(slicer?.slicedShape([positions * channels, out], channels, 2, 2), [positions * 2, 2]);
  });
});

describe('foldsConstantExactly', () => {
  /** Whether the conv maps a constant input to a spatially constant output: the brute-force answer. */
  function constantStaysConstant(layer: tfl.layers.Layer, size: number): boolean {
    return tf.tidy(() => {
      const out = layer.apply(tf.fill([1, size, size, 1], 1));
      if (!(out instanceof tf.Tensor)) throw new Error('expected a tensor');
      const values = out.dataSync();
      return values.every((v) => Math.abs(v - values[0]) < 1e-6);
    });
  }

  const cases = [
    { padding: 'valid', kernelSize: 3, strides: 1, size: 6 },
    { padding: 'same', kernelSize: 3, strides: 1, size: 6 },
    { padding: 'same', kernelSize: 1, strides: 1, size: 6 },
    { padding: 'same', kernelSize: 2, strides: 2, size: 6 },
    { padding: 'same', kernelSize: 2, strides: 2, size: 5 },
    { padding: 'same', kernelSize: 3, strides: 2, size: 7 },
  ] as const;
  for (const { padding, kernelSize, strides, size } of cases) {
    const conv = `${kernelSize}x${kernelSize}/${strides} ${padding}`;
    it(`agrees with running a ${conv} conv on a ${size}x${size} constant map`, () => {
      const layer = tfl.layers.conv2d({
        filters: 1, kernelSize, strides, padding, useBias: false, kernelInitializer: 'ones',
      });
      const model = tfl.sequential({ layers: [tfl.layers.inputLayer({ inputShape: [size, size, 1] }), layer] });
      const slicer = slicerFor('Conv2D');
      assert.equal(slicer?.foldsConstantExactly(layer), constantStaysConstant(layer, size));
      model.dispose();
    });
  }
});
