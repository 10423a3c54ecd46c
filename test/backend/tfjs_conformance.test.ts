// TF.js's own conformance suite (tfjs-core's jasmine specs, conformance/exclusions.ts says which) run
// against the onednn backend, as TF.js's backends run it against themselves: every native kernel is held
// to TF.js's expectations. The suite is bundled with the backends so that they share one tfjs-core
// (conformance/bundle.ts) and runs in a child process, which keeps its registrations and global state
// out of this one; the test fails naming every failing spec and its message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../src/util/package_root.js';
import { bundleSuite } from './conformance/bundle.js';
import { CONFORMANCE_EXCLUSIONS, CONFORMANCE_SPEC_MODULES, type Exclusion } from './conformance/exclusions.js';
import type { SpecOutcome, SuiteResults } from './conformance/results.js';
import { skipWithoutAddon } from './kernels/backend_compare.js';

// tfjs-core 4.22 declares about 4,230 specs in Node; far fewer means spec files went missing.
const MINIMUM_SPECS_RUN = 4000;

/** Bundles `specModules`, runs them on `backend` in a child process and returns what it reported. */
async function runSuite(backend: 'onednn' | 'cpu', specModules: readonly string[],
  exclusions: readonly Exclusion[]): Promise<SuiteResults> {
  // Inside the package (.tmp/ is ignored by git), so that the bundle finds the package's addon.
  const dir = join(packageRoot(), '.tmp', 'conformance');
  mkdirSync(dir, { recursive: true });
  const bundle = join(dir, `suite-${process.pid}-${backend}.mjs`);
  const resultsFile = join(dir, `results-${process.pid}-${backend}.json`);
  try {
    await bundleSuite(bundle, specModules);
    const child = spawnSync(process.execPath, [bundle, resultsFile, backend, JSON.stringify(exclusions)],
      { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 * 1024 * 1024 });
    const output = `${child.stdout}\n${child.stderr}`.trim().split('\n').slice(-20).join('\n');
    assert.equal(child.status, 0, `the suite's process ended with ${child.status ?? child.signal}:\n${output}`);
    return JSON.parse(readFileSync(resultsFile, 'utf8')) as SuiteResults;
  } finally {
    rmSync(bundle, { force: true });
    rmSync(resultsFile, { force: true });
  }
}

function count(specs: SpecOutcome[], status: SpecOutcome['status']): number {
  return specs.filter((spec) => spec.status === status).length;
}

/** Every failing spec's full name and messages, one block each. */
function failureReport(results: SuiteResults): string {
  const failed = results.specs.filter((spec) => spec.status === 'failed');
  const blocks = failed.map((spec) => `- ${spec.fullName}\n    ${spec.messages.join('\n    ')}`);
  const errors = results.suiteErrors.map((message) => `- outside any spec: ${message}`);
  return `${failed.length} of TF.js's specs failed on ${results.backend}:\n${[...blocks, ...errors].join('\n')}`;
}

test("TF.js's op, gradient and engine specs pass on the onednn backend", { skip: skipWithoutAddon },
  async (t) => {
    const results = await runSuite('onednn', CONFORMANCE_SPEC_MODULES, CONFORMANCE_EXCLUSIONS);
    const { specs } = results;
    t.diagnostic(`${count(specs, 'passed')} specs passed, ${count(specs, 'failed')} failed, ` +
      `${count(specs, 'excluded')} excluded, ${count(specs, 'pending')} disabled by TF.js (xit), ` +
      `in ${results.seconds.toFixed(1)} s`);
    assert.ok(count(specs, 'failed') === 0 && results.suiteErrors.length === 0, failureReport(results));
    assert.ok(count(specs, 'passed') >= MINIMUM_SPECS_RUN,
      `only ${count(specs, 'passed')} specs ran (at least ${MINIMUM_SPECS_RUN} expected)`);
    const unused = CONFORMANCE_EXCLUSIONS.filter((exclusion) =>
      !specs.some((spec) => spec.exclusion?.spec === exclusion.spec));
    assert.deepEqual(unused, [], 'exclusions that match no spec');
  });

test('the conformance run names a failing spec and its message, and leaves out an excluded one', async () => {
  const exclusion = { spec: 'conformance harness reports this spec as excluded', reason: 'checks exclusions' };
  const results = await runSuite('cpu', ['./fixtures/harness_specs.ts'], [exclusion]);
  assert.deepEqual(results.specs.map(({ fullName, status, exclusion }) => [fullName, status, exclusion]), [
    ['conformance harness cpu {} reports this spec as failed', 'failed', undefined],
    ['conformance harness cpu {} reports this spec as passed', 'passed', undefined],
    ['conformance harness cpu {} reports this spec as excluded', 'excluded', exclusion],
  ]);
  assert.equal(failureReport(results), "1 of TF.js's specs failed on cpu:\n" +
    '- conformance harness cpu {} reports this spec as failed\n    Expected 2 to be 3.');
});
