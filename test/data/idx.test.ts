// The IDX reader: good files read back exactly, and every kind of bad file is a CgesError naming it.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { readIdx, readIdxHeader } from '../../src/data/idx.js';
import { CgesError } from '../../src/util/errors.js';
import { idxBytes, tempDir, writeIdx } from './idx_files.js';

const dir = tempDir();
after(() => rmSync(dir, { recursive: true }));

function rejects(path: string, pattern: RegExp, read: () => unknown = () => readIdx(path)): void {
  assert.throws(read, (error: unknown) => {
    assert.ok(error instanceof CgesError, `not a CgesError: ${String(error)}`);
    assert.ok(error.message.includes(path), `message does not name the file: ${error.message}`);
    assert.match(error.message, pattern);
    assert.ok(!error.message.includes('\n'));
    return true;
  });
}

test('reads dims and values of rank-1 and rank-3 files', () => {
  const labels = writeIdx(dir, 'labels', idxBytes([4], [3, 1, 4, 1]));
  assert.deepEqual(readIdx(labels), { dims: [4], data: new Uint8Array([3, 1, 4, 1]) });
  const values = Array.from({ length: 2 * 3 * 2 }, (_, i) => i * 20);
  const images = writeIdx(dir, 'images', idxBytes([2, 3, 2], values));
  assert.deepEqual(readIdx(images, { rank: 3 }), { dims: [2, 3, 2], data: new Uint8Array(values) });
  assert.deepEqual(readIdxHeader(images), { dims: [2, 3, 2], dataOffset: 16 });
});

test('maxItems reads only the first items along the first dimension', () => {
  const images = writeIdx(dir, 'items', idxBytes([3, 2], [1, 2, 3, 4, 5, 6]));
  assert.deepEqual(readIdx(images, { maxItems: 2 }), { dims: [2, 2], data: new Uint8Array([1, 2, 3, 4]) });
});

test('missing, empty and non-regular files', () => {
  rejects(join(dir, 'nope'), /does not exist/);
  rejects(writeIdx(dir, 'empty', Buffer.alloc(0)), /empty/);
  rejects(dir, /not a regular file/);
  rejects(writeIdx(dir, 'short', Buffer.from([0, 0])), /too short/);
});

test('bad magic numbers: not IDX, wrong value type, wrong rank', () => {
  rejects(writeIdx(dir, 'text', Buffer.from('hello world')), /bad magic number 0x68656c6c/);
  rejects(writeIdx(dir, 'float', idxBytes([1], [0, 0, 0, 0], [0, 0, 0x0d, 1])), /not unsigned byte/);
  const labels = writeIdx(dir, 'rank1', idxBytes([2], [0, 1]));
  rejects(labels, /expected 3 dimensions, found 1/, () => readIdx(labels, { rank: 3 }));
});

test('dimensions disagreeing with the file size: truncated header, truncated data, trailing bytes', () => {
  rejects(writeIdx(dir, 'cut-header', idxBytes([2, 2, 2], []).subarray(0, 10)), /truncated.*header/);
  rejects(writeIdx(dir, 'cut-data', idxBytes([2, 3], [1, 2, 3, 4, 5])), /truncated: dimensions \[2, 3\] need 18 bytes, file has 17/);
  rejects(writeIdx(dir, 'long', idxBytes([2], [1, 2, 3])), /oversized/);
});

test('a header claiming gigabytes fails on the size check, before allocating', () => {
  const huge = writeIdx(dir, 'huge', idxBytes([0xffffffff, 0xffffffff, 0xffffffff], [1, 2, 3]));
  rejects(huge, /truncated/);
});
