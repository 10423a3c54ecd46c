// The claims a compaction report makes, against hand-computed numbers: the spread of per-round speed-ups,
// "no change" for a compaction that removed nothing, and the accuracy lines.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  claimedSpeedup, claimLines, compactionUnchanged, NO_CHANGE, speedupSpread, speedupText,
} from '../../src/compact/claims.js';

const kept = { unitsBefore: 4, unitsAfter: 4, inChannelsBefore: 8, inChannelsAfter: 8 };

describe('speedupSpread', () => {
  it('is the range of after_r / before_r, pairing each round with itself', () => {
    // Ratios 200/100 = 2, 210/80 = 2.625, 150/100 = 1.5. Pairing the best rounds instead (210/100) or
    // sorting each list would give other numbers.
    assert.deepEqual(speedupSpread([100, 80, 100], [200, 210, 150]), { min: 1.5, max: 2.625 });
    assert.deepEqual(speedupSpread([50], [100]), { min: 2, max: 2 });
  });

  it('has no spread without rounds, and refuses rounds that do not pair up', () => {
    assert.equal(speedupSpread([], []), null);
    assert.throws(() => speedupSpread([1, 2], [1]), /2 rounds before but 1 after/);
  });
});

describe('speed-up text', () => {
  it('writes the ratio with the spread, or alone for a pair without rounds', () => {
    assert.equal(speedupText(2.3125, { min: 2.049, max: 2.481 }), '2.31x (2.05-2.48)');
    assert.equal(speedupText(1.5, null), '1.50x');
    // Best rounds 20 / 10; per-round 18/8 = 2.25, 20/10 = 2, 20/9 = 2.22.
    const pair = { speedup: 2, roundsBefore: [8, 10, 9], roundsAfter: [18, 20, 20] };
    assert.equal(claimedSpeedup(pair, false), '2.00x (2.00-2.25)');
    assert.equal(claimedSpeedup({ speedup: 3 }, false), '3.00x');
  });

  it('says "no change" and no ratio for an unchanged model', () => {
    assert.equal(claimedSpeedup({ speedup: 1.18, roundsBefore: [10], roundsAfter: [11.8] }, true), NO_CHANGE);
  });
});

describe('compactionUnchanged', () => {
  it('is true only when every stage keeps its units and input channels and nothing is cropped', () => {
    assert.equal(compactionUnchanged({ stages: [kept, kept], inputCrop: null }), true);
    assert.equal(compactionUnchanged({ stages: [kept, { ...kept, unitsAfter: 3 }], inputCrop: null }), false);
    assert.equal(compactionUnchanged({ stages: [{ ...kept, inChannelsAfter: 7 }], inputCrop: null }), false);
    assert.equal(compactionUnchanged({ stages: [kept], inputCrop: [[1, 0], [0, 0]] }), false);
  });
});

describe('claimLines', () => {
  it('gives accuracy before -> after, or the three accuracies of a fine-tuned compaction', () => {
    const claims = { testAccuracyBefore: 0.9, testAccuracyAfter: 0.9, unchanged: false };
    assert.deepEqual(claimLines(claims), [['test accuracy', '90.00%']]);
    assert.deepEqual(claimLines({ ...claims, testAccuracyAfter: null, testAccuracyBeforeFinetune: null }),
      [['test accuracy', '90.00% -> -']]);
    assert.deepEqual(claimLines({ ...claims, testAccuracyAfter: 0.9312, testAccuracyBeforeFinetune: 0.8875 }), [
      ['test accuracy before compaction', '90.00%'],
      ['compacted, before fine-tuning', '88.75%'],
      ['after fine-tuning (final)', '93.12%'],
    ]);
  });

  it('says so when compaction removed nothing', () => {
    const claims = { testAccuracyBefore: 0.5, testAccuracyAfter: 0.5, unchanged: true };
    assert.deepEqual(claimLines(claims).at(-1), ['compaction', 'removed nothing: the model is unchanged']);
  });
});
