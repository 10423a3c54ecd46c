// Cropping the unused input border before Flatten -> Dense: the crop found for chosen zero pixels, the
// equal outputs of the compacted model (with a Cropping2D), for Sequential and functional models, a
// round trip through plain tf.loadLayersModel, and the cost-target controller's estimate with the crop
// (its pixels a unit family) against what the compacted model counts, also behind --normalize's layer.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tfl from '@tensorflow/tfjs-layers';
import { compactModel } from '../../src/compact/compact_model.js';
import { withInputNormalization } from '../../src/models/input_normalization.js';
import { countMacs, countParams } from '../../src/models/macs.js';
import { analyseStructure } from '../../src/structure/structure_analysis.js';
import { unitFamilies } from '../../src/structure/unit_families.js';
import {
  editLayer, maxOutputDiff, randomizeWeights, reloadWithPlainTfjs, symbolic, uniformInputs, zeroColumn,
} from '../structure/fixtures.js';

const [H, W, C, UNITS] = [6, 6, 2, 5];

/** Zeroes the dense rows of pixel (h, w), all channels. */
function zeroPixel(kernel: Float32Array, h: number, w: number): void {
  const start = (h * W + w) * C * UNITS;
  kernel.fill(0, start, start + C * UNITS);
}

/** Top row, bottom two rows and the left column unused; one pixel inside unused too (it must stay). */
function zeroBorder(kernel: Float32Array): void {
  for (let w = 0; w < W; w++) [0, H - 2, H - 1].forEach((h) => zeroPixel(kernel, h, w));
  for (let h = 0; h < H; h++) zeroPixel(kernel, h, 0);
  zeroPixel(kernel, 2, 3);
}

function sequentialModel(): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.flatten({ name: 'flatten', inputShape: [H, W, C] }));
  model.add(tfl.layers.dense({ name: 'fc1', units: UNITS, activation: 'relu' }));
  model.add(tfl.layers.dense({ name: 'fc2', units: 3 }));
  return model;
}

function functionalModel(): tfl.LayersModel {
  const input = tfl.input({ shape: [H, W, C] });
  const flat = tfl.layers.flatten({ name: 'flatten' }).apply(input);
  const fc1 = tfl.layers.dense({ name: 'fc1', units: UNITS, activation: 'relu' }).apply(flat);
  return tfl.model({ inputs: input, outputs: symbolic(tfl.layers.dense({ name: 'fc2', units: 3 }).apply(fc1)) });
}

/** The Sequential model with zeroBorder's pixels unread and fc1 unit 4 reading nothing (removed, its constant folded). */
function borderAndUnitUnread(): tfl.LayersModel {
  const model = sequentialModel();
  randomizeWeights(model);
  editLayer(model, 'fc1', (kernel) => {
    zeroBorder(kernel);
    zeroColumn(kernel, UNITS, 4);
  });
  return model;
}

/** `compacted`, saved and loaded back by plain tf.loadLayersModel, computes what `model` does. */
async function assertReloadsEqual(model: tfl.LayersModel, compacted: tfl.LayersModel): Promise<void> {
  const loaded = await reloadWithPlainTfjs(compacted);
  const x = uniformInputs([8, H, W, C]);
  assert.ok(maxOutputDiff(model, loaded, x) < 1e-5);
  x.dispose();
  loaded.dispose();
}

describe('input crop', () => {
  it('is off unless asked for', async () => {
    const model = sequentialModel();
    randomizeWeights(model);
    editLayer(model, 'fc1', zeroBorder);
    const result = await compactModel(model);
    assert.equal(result.inputCrop, null);
    result.model.dispose();
    model.dispose();
  });

  for (const [kind, build] of [['Sequential', sequentialModel], ['functional', functionalModel]] as const) {
    it(`crops the unused border of a ${kind} model with a Cropping2D and keeps equal outputs`, async () => {
      const model = build();
      randomizeWeights(model);
      editLayer(model, 'fc1', zeroBorder);
      const result = await compactModel(model, { cropInput: true });
      assert.deepEqual(result.inputCrop, [[1, 2], [1, 0]]);
      const crop = result.model.layers.find((layer) => layer.getClassName() === 'Cropping2D');
      assert.ok(crop !== undefined);
      assert.deepEqual(result.model.getLayer('fc1').getWeights()[0].shape, [3 * 5 * C, UNITS]);
      assert.equal(result.stages[0].inChannelsAfter, 3 * 5 * C);
      const x = uniformInputs([8, H, W, C]);
      assert.ok(maxOutputDiff(model, result.model, x) < 1e-5);
      x.dispose();
      result.model.dispose();
      model.dispose();
    });
  }

  it('leaves the input alone when every border pixel is used', async () => {
    const model = sequentialModel();
    randomizeWeights(model);
    const result = await compactModel(model, { cropInput: true });
    assert.equal(result.inputCrop, null);
    assert.equal(result.model.layers.length, model.layers.length);
    result.model.dispose();
    model.dispose();
  });

  it('loads back with plain tf.loadLayersModel', async () => {
    const model = sequentialModel();
    randomizeWeights(model);
    editLayer(model, 'fc1', zeroBorder);
    const result = await compactModel(model, { cropInput: true });
    await assertReloadsEqual(model, result.model);
    result.model.dispose();
    model.dispose();
  });

  it('the controller\'s estimate counts the crop: its cost is what the compacted model counts, its dead pixels the unread', async () => {
    const model = borderAndUnitUnread();
    const families = unitFamilies(model, { cropInput: true });
    assert.deepEqual(families.map((f) => [f.key, f.units, f.groupSize]), [['fc1', UNITS, H * W * C + 3], ['input pixels', H * W, UNITS * C]]);
    const analysis = analyseStructure(model, families);
    // Unread pixels: rows 0, 4 and 5, column 0, and (2, 3) inside the crop.
    const unread = Array.from({ length: H * W }, (_, p) => p)
      .filter((p) => [0, H - 2, H - 1].includes(Math.floor(p / W)) || p % W === 0 || p === 2 * W + 3);
    assert.deepEqual(analysis.dead[1].units, unread);
    assert.deepEqual(analysis.dead[0].units, [4]);
    const result = await compactModel(model, { cropInput: true });
    assert.deepEqual(result.inputCrop, [[1, 2], [1, 0]]);
    // By hand: fc1 [3 * 5 * 2, 4] + bias 4, fc2 [4, 3] + bias 3 (which took unit 4's constant).
    assert.equal(countParams(result.model).total, 30 * 4 + 4 + 4 * 3 + 3);
    assert.equal(analysis.cost.params, countParams(result.model).total);
    assert.equal(analysis.cost.macs, countMacs(result.model).total);
    assert.equal(analysis.cost.macs, 30 * 4 + 4 * 3);
    // A shrink while training keeps the input whole: its cost counts all 72 rows.
    assert.equal(analysis.shrunkCost?.macs, 72 * 4 + 4 * 3);
    const x = uniformInputs([8, H, W, C]);
    assert.ok(maxOutputDiff(model, result.model, x) < 1e-5);
    x.dispose();
    result.model.dispose();
    model.dispose();
  });

  it('crops behind the input\'s normalisation layer, which stays first and whole, and is counted', async () => {
    const dense = borderAndUnitUnread();
    const model = await withInputNormalization(dense, { mean: [0.25, -1], std: [0.5, 2] });
    const families = unitFamilies(model, { cropInput: true });
    assert.deepEqual(families.map((f) => f.key), ['fc1', 'input pixels']);
    const analysis = analyseStructure(model, families);
    const result = await compactModel(model, { cropInput: true });
    assert.deepEqual(result.inputCrop, [[1, 2], [1, 0]]);
    assert.deepEqual(result.model.layers.map((layer) => layer.getClassName()),
      ['DepthwiseConv2D', 'Cropping2D', 'Flatten', 'Dense', 'Dense']);
    // By hand: the 1x1 normalisation (2 weights at 6 x 6 positions, 2 biases) before the crop's figures above.
    assert.equal(countMacs(result.model).total, 2 * H * W + 30 * 4 + 4 * 3);
    assert.equal(countParams(result.model).total, 2 + 2 + 30 * 4 + 4 + 4 * 3 + 3);
    assert.equal(analysis.cost.macs, countMacs(result.model).total);
    assert.equal(analysis.cost.params, countParams(result.model).total);
    await assertReloadsEqual(model, result.model);
    result.model.dispose();
    model.dispose();
    dense.dispose();
  });
});
