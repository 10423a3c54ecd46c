// Assertions shared by the reader tests: a data set read back equals its reference, and a reader's
// error is a CgesError, one line, naming the file at fault. Also scratch folders removed after the file.
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import type { Dataset } from '../../src/data/dataset.js';
import { CgesError } from '../../src/util/errors.js';
import { type ReferenceData, unitValues } from './dataset_files.js';
import { tempDir } from './idx_files.js';

export async function assertDataError(run: () => unknown, names: string, pattern: RegExp): Promise<void> {
  let thrown: unknown;
  try {
    await run();
  } catch (error) {
    thrown = error;
  }
  assert.ok(thrown instanceof CgesError, `expected a CgesError matching ${pattern}, got ${thrown === undefined ? 'no error' : String(thrown)}`);
  assert.ok(thrown.message.includes(names), `message does not name ${names}: ${thrown.message}`);
  assert.match(thrown.message, pattern);
  assert.ok(!thrown.message.includes('\n'), `message spans lines: ${thrown.message}`);
}

/** Both splits equal the reference exactly: pixels / 255 and the labels, in order. */
export function assertMatchesReference(loaded: Dataset, data: ReferenceData): void {
  for (const split of ['train', 'test'] as const) {
    assert.deepEqual(loaded[split].images, unitValues(data[split].pixels), `${split} images`);
    assert.deepEqual([...loaded[split].labels], data[split].labels, `${split} labels`);
    assert.equal(loaded[split].count, data[split].labels.length);
  }
}

/** A maker of fresh scratch folders, all removed when the test file ends. */
export function scratchDirs(): () => string {
  const dirs: string[] = [];
  after(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  return () => {
    const dir = tempDir();
    dirs.push(dir);
    return dir;
  };
}
