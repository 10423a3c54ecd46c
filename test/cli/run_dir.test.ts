import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkOutDir, checkWritable, defaultRunDir, makeDir, prepareOutDir, writeJsonAtomic } from '../../src/cli/run_dir.js';

test('the default run folder is runs/<model>-<reg>-<local timestamp>', () => {
  const dir = defaultRunDir('seed-mnist', 'cges', new Date(2026, 0, 2, 3, 4, 5));
  assert.equal(dir, join('runs', 'seed-mnist-cges-20260102-030405'));
});

test('a previous run is refused without force; force clears only its outputs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cges-run-dir-'));
  try {
    checkOutDir(join(dir, 'new'), false);
    writeFileSync(join(dir, 'notes.txt'), 'keep me');
    checkOutDir(dir, false);
    mkdirSync(join(dir, 'model'));
    writeFileSync(join(dir, 'metrics.jsonl'), '{}\n');
    assert.throws(() => checkOutDir(dir, false), /already holds a previous run \(metrics\.jsonl, model\)/);
    checkOutDir(dir, true);
    prepareOutDir(dir);
    assert.deepEqual(readdirSync(dir), ['notes.txt']);
    assert.throws(() => checkOutDir(join(dir, 'notes.txt'), true), /is not a directory/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('summary writes are atomic: the file appears whole and no temporary is left', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cges-run-dir-'));
  try {
    writeJsonAtomic(join(dir, 'summary.json'), { testAccuracy: 0.99 });
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')), { testAccuracy: 0.99 });
    assert.deepEqual(readdirSync(dir), ['summary.json']);
    assert.ok(!existsSync(join(dir, 'summary.json.tmp')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('makeDir creates every missing level; a file on the way is named, not a raw ENOTDIR', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cges-run-dir-'));
  try {
    makeDir(join(dir, 'a', 'b', 'c'));
    assert.deepEqual(readdirSync(join(dir, 'a', 'b')), ['c']);
    makeDir(join(dir, 'a'));
    writeFileSync(join(dir, 'f'), '');
    assert.throws(() => makeDir(join(dir, 'f', 'x', 'y')), (error: Error) =>
      error.name === 'CgesError' && error.message === `--out ${join(dir, 'f', 'x', 'y')} cannot be created: ${join(dir, 'f')} is not a directory`);
    assert.throws(() => checkOutDir(join(dir, 'f', 'x'), false), /is not a directory/);
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
