// A separable convolution with depth multiplier 2 survives TF.js's own save and load.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import * as tfl from '@tensorflow/tfjs-layers';
import '../../src/models/separable_conv_config.js';
import { maxOutputDiff, randomizeWeights, reloadWithPlainTfjs, uniformInputs } from '../structure/fixtures.js';

it('a SeparableConv2D keeps its depth multiplier through toJSON, save and plain tf.loadLayersModel', async () => {
  const model = tfl.sequential({
    layers: [tfl.layers.separableConv2d({ inputShape: [5, 5, 3], filters: 4, kernelSize: 3, depthMultiplier: 2 })],
  });
  randomizeWeights(model);
  assert.equal(model.layers[0].getConfig().depthMultiplier, 2);
  const reloaded = await reloadWithPlainTfjs(model);
  const x = uniformInputs([2, 5, 5, 3]);
  assert.equal(maxOutputDiff(model, reloaded, x), 0);
  x.dispose();
});
