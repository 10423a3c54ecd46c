import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkOutDir, defaultRunDir, prepareOutDir, writeJsonAtomic } from '../../src/cli/run_dir.js';

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

test('an --out below a file is refused before anything is written', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cges-run-dir-'));
  try {
    writeFileSync(join(dir, 'f'), '');
    assert.throws(() => checkOutDir(join(dir, 'f', 'x'), false), /--out .*x cannot be created: .*f is not a directory/);
    assert.deepEqual(readdirSync(dir), ['f']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
