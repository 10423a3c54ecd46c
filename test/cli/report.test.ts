// `cges report` end to end: the page and the overview on stdout; --out defaults and refusals; bad runs
// exit 2 with one line naming the file and write nothing. Two cases run the command as users do; the
// others call runReport, the command's body, in process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runReport } from '../../src/cli/report.js';
import { CgesError } from '../../src/util/errors.js';
import { writeFakeRun } from '../report/fake_run.js';
import { tableRow } from '../report/table_row.js';
import { cges } from './cli_process.js';

const tmp = mkdtempSync(join(tmpdir(), 'cges-report-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

const quiet = () => {};

test('several runs: the page at --out and one overview row per run on stdout', async () => {
  const a = writeFakeRun(join(tmp, 'cges-a'), { compact: true });
  const b = writeFakeRun(join(tmp, 'l2-b'), { reg: 'l2', tests: [[30, 0.97, 1, 1]] });
  const out = join(tmp, 'pages', 'both.html');
  const run = await cges(['report', a, b, '--out', out]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stderr, '');
  const compacted = ['cges-a', 'lenet-300-100', '-', 'cges', '0.001', '30', '90.00%', '75.0%', '60.0%', '25.0%', '40.0%', '3.00x'];
  assert.match(run.stdout, tableRow(compacted));
  assert.match(run.stdout, tableRow(['l2-b', 'lenet-300-100', '-', 'l2', '-', '30', '97.00%', '100.0%', '100.0%', '-', '-', '-']));
  assert.ok(run.stdout.trimEnd().endsWith(`wrote ${out}`));
  const html = readFileSync(out, 'utf8');
  assert.match(html, /<h2>cges-a<\/h2>[^]*<h2>l2-b<\/h2>/);
  assert.deepEqual(readdirSync(join(tmp, 'pages')), ['both.html'], 'no temporary file is left');
});

test('a corrupt summary.json: exit 2, one line naming the file, nothing written', async () => {
  const good = writeFakeRun(join(tmp, 'good'));
  const bad = writeFakeRun(join(tmp, 'bad'));
  writeFileSync(join(bad, 'summary.json'), '{"model": "lenet');
  const out = join(tmp, 'never.html');
  const run = await cges(['report', good, bad, '--out', out]);
  assert.equal(run.code, 2);
  assert.ok(run.stderr.startsWith(`cges: ${join(bad, 'summary.json')}: not valid JSON (`), run.stderr);
  assert.equal(run.stderr.split('\n').length, 2, 'one line');
  assert.equal(run.stdout, '');
  assert.ok(!existsSync(out));
});

test('one run without --out: <run>/report.html, never overwritten without --force', async () => {
  const dir = writeFakeRun(join(tmp, 'solo'));
  const page = join(dir, 'report.html');
  const lines: string[] = [];
  assert.equal(await runReport([dir], {}, (line) => lines.push(line)), page);
  assert.equal(lines[lines.length - 1], `wrote ${page}`);
  assert.match(readFileSync(page, 'utf8'), /<h2>solo<\/h2>/);

  writeFileSync(page, 'kept');
  await assert.rejects(runReport([dir], {}, quiet),
    { message: `${page} already exists; pass --force to overwrite it` });
  assert.equal(readFileSync(page, 'utf8'), 'kept');
  await runReport([dir], { force: true }, quiet);
  assert.match(readFileSync(page, 'utf8'), /^<!DOCTYPE html>/);
});

test('several runs need --out; --out may not be a folder; a missing run writes nothing', async () => {
  const a = writeFakeRun(join(tmp, 'x'));
  const b = writeFakeRun(join(tmp, 'y'));
  await assert.rejects(runReport([a, b], {}, quiet), (error: unknown) =>
    error instanceof CgesError && error.message === '--out is required when reporting several runs');
  await assert.rejects(runReport([a], { out: tmp, force: true }, quiet),
    { message: `--out ${tmp} is a folder; give the path of an .html file` });
  const out = join(tmp, 'missing.html');
  await assert.rejects(runReport([a, join(tmp, 'gone')], { out }, quiet),
    { message: `run folder ${join(tmp, 'gone')} does not exist` });
  assert.ok(!existsSync(out));
  assert.ok(!existsSync(join(a, 'report.html')));
});
