// Last module of the bundled conformance suite: runs the specs TF.js's files declared and writes what
// happened to each for the test that started this process.
import { writeFileSync } from 'node:fs';
import { backend, outcomes, resultsPath, runner, suiteErrors } from './suite_setup.js';
import type { SuiteResults } from './results.js';

const start = performance.now();
await runner.execute();
const results: SuiteResults = { backend, specs: outcomes, suiteErrors, seconds: (performance.now() - start) / 1000 };
writeFileSync(resultsPath, JSON.stringify(results));
process.exit(0);
