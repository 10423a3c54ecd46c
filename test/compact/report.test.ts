// The compaction report: per-layer shapes, parameters and MACs counted by hand for a small conv net,
// accuracy from labels, and the printed tables.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tfl from '@tensorflow/tfjs-layers';
import { compactModel } from '../../src/compact/compact_model.js';
import { buildReport, formatReport } from '../../src/compact/report.js';
import { editLayer, randomizeWeights, zeroChannel } from '../structure/fixtures.js';

describe('buildReport', () => {
  it('counts shapes, parameters and MACs per layer before and after, and accuracy from labels', async () => {
    const model = tfl.sequential();
    model.add(tfl.layers.conv2d({ name: 'conv', inputShape: [6, 6, 1], filters: 4, kernelSize: 3, activation: 'relu' }));
    model.add(tfl.layers.flatten({ name: 'flatten' }));
    model.add(tfl.layers.dense({ name: 'logits', units: 3 }));
    randomizeWeights(model);
    // Filters 1 and 2 feed nothing: 2 of 4 stay.
    editLayer(model, 'logits', (kernel) => [1, 2].forEach((c) => zeroChannel(kernel, 3, 4, c)));
    const compaction = await compactModel(model);
    const labels = new Uint8Array(compaction.check.predictedBefore.length);
    labels[0] = compaction.check.predictedBefore[0];
    labels[1] = (compaction.check.predictedBefore[1] + 1) % 3;
    const report = buildReport({
      original: model, compaction, labels: labels.subarray(0, 2), backend: 'cpu',
      throughput: [{ batch: 1, before: 10, after: 20, speedup: 2 }],
    });
    // With labels for 2 of 64 inputs accuracy is unknown; with all of them it is counted.
    assert.equal(report.testAccuracyBefore, null);
    const full = buildReport({ original: model, compaction, labels, backend: 'cpu', throughput: [] });
    const expectedCorrect = Array.from(labels).filter((label, i) => label === compaction.check.predictedBefore[i]).length;
    assert.equal(full.testAccuracyBefore, expectedCorrect / labels.length);

    const conv = report.layers.find((l) => l.name === 'conv');
    assert.deepEqual([conv?.shapeBefore, conv?.shapeAfter], [[4, 4, 4], [4, 4, 2]]);
    assert.deepEqual([conv?.paramsBefore, conv?.paramsAfter], [9 * 4 + 4, 9 * 2 + 2]);
    assert.deepEqual([conv?.macsBefore, conv?.macsAfter], [16 * 9 * 4, 16 * 9 * 2]);
    const logits = report.layers.find((l) => l.name === 'logits');
    assert.deepEqual([logits?.macsBefore, logits?.macsAfter], [64 * 3, 32 * 3]);
    assert.equal(report.macsBefore, 16 * 9 * 4 + 64 * 3);
    assert.equal(report.macsAfter, 16 * 9 * 2 + 32 * 3);
    assert.equal(report.paramsAfter, 9 * 2 + 2 + 32 * 3 + 3);
    assert.equal(report.layers.find((l) => l.name === 'flatten')?.paramsBefore, 0);

    const text = formatReport(report);
    assert.match(text, /4x4x4 -> 4x4x2/);
    assert.match(text, /2\.00x/);
    assert.doesNotMatch(text, /\u001b\[/, 'no colour codes');
    compaction.model.dispose();
    model.dispose();
  });
});
