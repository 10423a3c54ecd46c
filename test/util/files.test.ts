import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkWritable, makeDir } from '../../src/util/files.js';

test('makeDir creates every missing level; a file on the way is named, not a raw ENOTDIR', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cges-run-dir-'));
  try {
    makeDir(join(dir, 'a', 'b', 'c'));
    assert.deepEqual(readdirSync(join(dir, 'a', 'b')), ['c']);
    makeDir(join(dir, 'a'));
    writeFileSync(join(dir, 'f'), '');
    assert.throws(() => makeDir(join(dir, 'f', 'x', 'y')), (error: Error) =>
      error.name === 'CgesError' && error.message === `--out ${join(dir, 'f', 'x', 'y')} cannot be created: ${join(dir, 'f')} is not a directory`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('checkWritable probes by creating and removing, and leaves the folder as it was', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cges-run-dir-'));
  try {
    checkWritable(join(dir, 'new', 'deeper'));
    checkWritable(dir);
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a folder mkdir refuses with ENOENT under an existing parent fails at once (Node\'s recursive mkdir loops)', { skip: !existsSync('/proc/self') }, () => {
  assert.throws(() => makeDir('/proc/cges-x/y', '--store'), /^CgesError: --store \/proc\/cges-x\/y cannot be created: mkdir \/proc\/cges-x failed \(ENOENT\)$/);
  assert.throws(() => checkWritable('/proc/cges-x'), /cannot be written: the folder \/proc\/cges-x could not be created \(ENOENT\)/);
});
