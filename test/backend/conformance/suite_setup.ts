// First module of the bundled conformance suite (bundle.ts): installs Jasmine's globals, registers the
// backends and TF.js's gradients and chained ops, and names the one test environment, all before any of
// TF.js's spec files runs its `describeWithFlags` (ES modules run in import order). Runs in the child
// process that tfjs_conformance.test.ts starts: argv[2] is where the results go, argv[3] the backend,
// argv[4] the exclusions as JSON (exclusions.ts).
import { createRequire } from 'node:module';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import { setTestEnvs } from '@tensorflow/tfjs-core/dist/jasmine_util.js';
import { registerOneDnnBackend } from '../../../src/backend/onednn_backend.js';
import { excludedBy, type Exclusion } from './exclusions.js';
import type { SpecOutcome } from './results.js';

/** The parts of Jasmine's runner and spec records this suite uses (jasmine ships no types). */
interface JasmineSpec {
  getFullName(): string;
}
interface SpecResult {
  fullName: string;
  status: string;
  failedExpectations: { message: string; stack?: string }[];
}
interface SuiteResult {
  failedExpectations: { message: string }[];
}
export interface JasmineRunner {
  exitOnCompletion: boolean;
  env: { configure(options: { random?: boolean; specFilter?: (spec: JasmineSpec) => boolean }): void };
  jasmine: { DEFAULT_TIMEOUT_INTERVAL: number };
  clearReporters(): void;
  addReporter(reporter: {
    specDone?(result: SpecResult): void;
    suiteDone?(result: SuiteResult): void;
    jasmineDone?(result: SuiteResult): void;
  }): void;
  execute(): Promise<unknown>;
}

const [resultsPath, backend, exclusionsJson] = process.argv.slice(2);
if (resultsPath === undefined || (backend !== 'onednn' && backend !== 'cpu') || exclusionsJson === undefined) {
  throw new Error('usage: node suite.mjs <results.json> onednn|cpu <exclusions as JSON>');
}
const exclusions = JSON.parse(exclusionsJson) as Exclusion[];
if (backend === 'onednn' && !registerOneDnnBackend()) throw new Error('the oneDNN addon is not built');

const Jasmine = createRequire(import.meta.url)('jasmine') as new () => JasmineRunner;
export const runner = new Jasmine();
export const outcomes: SpecOutcome[] = [];
export const suiteErrors: string[] = [];
export { resultsPath, backend };

runner.exitOnCompletion = false;
// TF.js's own runs allow 20 s a spec (its jasmine_util sets it on a Jasmine instance of its own).
runner.jasmine.DEFAULT_TIMEOUT_INTERVAL = 20000;
const testEnvTag = ` ${backend} {}`;
const exclusionOf = new Map<string, Exclusion>();
runner.env.configure({
  random: false,
  specFilter: (spec) => {
    const exclusion = excludedBy(spec.getFullName().replace(testEnvTag, ''), exclusions);
    if (exclusion !== undefined) exclusionOf.set(spec.getFullName(), exclusion);
    return exclusion === undefined;
  },
});
runner.clearReporters();
runner.addReporter({
  specDone(result) {
    const status = result.status === 'passed' || result.status === 'failed' || result.status === 'excluded'
      ? result.status : 'pending';
    const outcome: SpecOutcome = { fullName: result.fullName, status,
      messages: result.failedExpectations.map((failure) => failure.message) };
    const exclusion = exclusionOf.get(result.fullName);
    if (exclusion !== undefined) outcome.exclusion = exclusion;
    outcomes.push(outcome);
  },
  suiteDone(result) {
    suiteErrors.push(...result.failedExpectations.map((failure) => failure.message));
  },
  jasmineDone(result) {
    suiteErrors.push(...result.failedExpectations.map((failure) => failure.message));
  },
});
setTestEnvs([{ name: backend, backendName: backend, flags: {}, isDataSync: true }]);
