// A seeded sample of the reader fuzzing (the full run is `npm run fuzz`): 20 mutated data sets per
// format, each loading consistently or refused with a one-line CgesError naming the file.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { FUZZ_FORMATS, runFuzzCase } from './fuzz_cases.js';
import { tempDir } from './idx_files.js';

const root = tempDir();
after(() => rmSync(root, { recursive: true, force: true }));

for (const format of FUZZ_FORMATS) {
  test(`fuzz sample: 20 mutated ${format} sets load consistently or give a one-line error`, async () => {
    const outcomes = new Set<string>();
    for (let seed = 1; seed <= 20; seed++) {
      const result = await runFuzzCase(format, seed, join(root, `${format}-${seed}`));
      assert.notEqual(result.outcome, 'failed', `${format} seed ${seed} (${result.mutation}): ${result.detail}`);
      outcomes.add(result.outcome);
    }
    // The sample exercises the refusals (mutations that break a file are most of them).
    assert.ok(outcomes.has('refused'));
  });
}
