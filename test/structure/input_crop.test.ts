// The input crop's geometry against boxes drawn by hand: the bounding box of the live pixels, the border
// lines a box can lose, the crop compaction takes from a first Dense layer's zero rows, and which models
// have an image to crop.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tfl from '@tensorflow/tfjs-layers';
import { analyseDeadUnits } from '../../src/structure/compacted_cost.js';
import { boxArea, boxSides, croppableImage, liveBox } from '../../src/structure/input_crop.js';
import { convPoolConvNet, editLayer, randomizeWeights } from './fixtures.js';

/** A 5x4 image (W = 4), pixel p = h*4 + w. */
const IMAGE: [number, number, number] = [5, 4, 1];

describe('input crop geometry', () => {
  it('the live box is the bounding box of the live pixels, a corner pixel when none is', () => {
    // Live: (1, 2) and (3, 1), so rows 1..3 and columns 1..2.
    const live = new Set([1 * 4 + 2, 3 * 4 + 1]);
    const box = liveBox((p) => live.has(p), IMAGE);
    assert.deepEqual(box, { top: 1, bottom: 3, left: 1, right: 2 });
    assert.equal(boxArea(box), 6);
    assert.deepEqual(liveBox(() => false, IMAGE), { top: 0, bottom: 0, left: 0, right: 0 });
    assert.deepEqual(liveBox(() => true, IMAGE), { top: 0, bottom: 4, left: 0, right: 3 });
  });

  it('a box offers each border line it can lose, with its pixels, and keeps one row and one column', () => {
    const sides = boxSides({ top: 1, bottom: 3, left: 1, right: 2 }, IMAGE);
    assert.deepEqual(sides.map((side) => side.pixels), [[5, 6], [13, 14], [5, 9, 13], [6, 10, 14]]);
    assert.deepEqual(sides.map((side) => boxArea(side.box)), [4, 4, 3, 3]);
    // One row left: only columns can go; one pixel left: nothing.
    assert.deepEqual(boxSides({ top: 2, bottom: 2, left: 0, right: 3 }, IMAGE).map((side) => side.pixels), [[8], [11]]);
    assert.deepEqual(boxSides({ top: 2, bottom: 2, left: 1, right: 1 }, IMAGE), []);
  });

  it('the crop of a first Dense layer is the box of the pixels its live units read, all channels kept', () => {
    const model = tfl.sequential({ layers: [
      tfl.layers.flatten({ name: 'flatten', inputShape: [5, 4, 2] }),
      tfl.layers.dense({ name: 'fc1', units: 3, activation: 'relu' }),
      tfl.layers.dense({ name: 'fc2', units: 2 }),
    ] });
    randomizeWeights(model);
    // Only pixels (1, 2) (channel 1 alone) and (3, 1) are read: rows (p * 2 + c) of the others zeroed.
    const read = new Set([(1 * 4 + 2) * 2 + 1, (3 * 4 + 1) * 2, (3 * 4 + 1) * 2 + 1]);
    editLayer(model, 'fc1', (kernel) => {
      for (let row = 0; row < 40; row++) if (!read.has(row)) kernel.fill(0, row * 3, row * 3 + 3);
    });
    const analysis = analyseDeadUnits(model, { cropInput: true });
    assert.deepEqual(analysis.inputCrop?.cropping, [[1, 1], [1, 1]]);
    const pixels = [5, 6, 9, 10, 13, 14];
    assert.deepEqual(analysis.inputCrop?.keepRows, pixels.flatMap((p) => [p * 2, p * 2 + 1]));
    assert.deepEqual(analysis.decisions[0].keepIn, analysis.inputCrop?.keepRows);
    // Without cropInput the input stays whole.
    assert.equal(analyseDeadUnits(model).inputCrop, null);
    assert.equal(analyseDeadUnits(model).decisions[0].keepIn.length, 40);
    model.dispose();
  });

  it('only an image that goes Flatten -> first Dense can be cropped', () => {
    const mlp = tfl.sequential({ layers: [
      tfl.layers.flatten({ inputShape: [5, 4, 1] }), tfl.layers.dense({ units: 2 }),
    ] });
    assert.deepEqual(croppableImage(mlp), [5, 4, 1]);
    const flat = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [20], units: 2 })] });
    assert.equal(croppableImage(flat), undefined);
    const conv = convPoolConvNet([8, 8, 1], [2, 2], 3);
    assert.equal(croppableImage(conv), undefined);
    [mlp, flat, conv].forEach((model) => model.dispose());
  });
});
