// The compaction report: per-layer shapes, parameters and MACs counted by hand for a small conv net,
// accuracy from labels, and the printed tables; a model compaction left as it was claims no speed-up,
// on the terminal and in the run report.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tfl from '@tensorflow/tfjs-layers';
import { compactModel } from '../../src/compact/compact_model.js';
import { buildReport, formatReport } from '../../src/compact/report.js';
import { compareThroughput } from '../../src/compact/throughput.js';
import { compactSection } from '../../src/report/compact_section.js';
import { runsOverview } from '../../src/report/overview.js';
import { readRun } from '../../src/report/read_run.js';
import { runFigures } from '../../src/report/run_figures.js';
import { writeFakeRun } from '../report/fake_run.js';
import { editLayer, randomizeWeights, zeroChannel } from '../structure/fixtures.js';

/** A speed-up ratio as the tables write one, e.g. "1.18x". */
const RATIO = /\d\.\d\dx/;

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
      // Best rounds 20 / 10 = 2; per round 18/8 = 2.25, 20/10 = 2, 20/9 = 2.22.
      throughput: [{
        batch: 1, before: 10, after: 20, speedup: 2, roundsBefore: [8, 10, 9], roundsAfter: [18, 20, 20],
      }],
    });
    assert.equal(report.unchanged, false);
    assert.equal(report.testAccuracyBeforeFinetune, null);
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
    assert.match(text, /│ 2\.00x \(2\.00-2\.25\) *│/);
    assert.doesNotMatch(text, /no change|unchanged/);
    assert.doesNotMatch(text, /\u001b\[/, 'no colour codes');
    compaction.model.dispose();
    model.dispose();
  });

  it("The speed-up report says 'no change' for a model compared with itself", async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'cges-unchanged-'));
    after(() => rmSync(tmp, { recursive: true, force: true }));
    const model = tfl.sequential();
    model.add(tfl.layers.dense({ name: 'fc1', inputShape: [8], units: 6, activation: 'relu' }));
    model.add(tfl.layers.dense({ name: 'fc2', units: 3 }));
    randomizeWeights(model); // no zero weight: no unit or channel can go
    const compaction = await compactModel(model);
    const throughput = compareThroughput(model, compaction.model, [1, 100], { warmup: 1, minSeconds: 0.01 });
    const report = buildReport({ original: model, compaction, backend: 'cpu', throughput });
    assert.equal(report.unchanged, true);
    assert.equal(report.macsAfter, report.macsBefore);

    // Whatever ratio the noise made of the two measurements, none is printed.
    const text = formatReport(report);
    assert.equal(text.match(/│ no change *│/g)?.length, 2, 'one "no change" per batch size');
    assert.match(text, /removed nothing: the model is unchanged/);
    assert.doesNotMatch(text, RATIO);

    // The run report reads the compact.json this writes and says the same.
    const run = readRun(writeFakeRun(join(tmp, 'same'), { compact: JSON.parse(JSON.stringify(report)) }));
    const figures = runFigures(run);
    assert.deepEqual([figures.compactUnchanged, figures.speedup, figures.speedupSpread], [true, null, null]);
    assert.equal(runsOverview([run]).rows[0].at(-1), 'no change');
    assert.ok(run.compact !== null);
    const section = compactSection(run.compact);
    assert.equal(section.match(/<td class="num">no change<\/td>/g)?.length, 2);
    assert.doesNotMatch(section, RATIO);
    compaction.model.dispose();
    model.dispose();
  });
});
