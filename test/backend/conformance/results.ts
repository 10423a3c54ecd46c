// What the conformance suite's child process reports to the test that started it (one JSON file).
// Layering: imports nothing, so both the bundled suite and the node:test file can use it.

/** One TF.js spec's outcome; `exclusion` is the entry of exclusions.ts that left it out, when one did. */
export interface SpecOutcome {
  fullName: string;
  status: 'passed' | 'failed' | 'excluded' | 'pending';
  messages: string[];
  exclusion?: { spec: string; reason: string };
}

export interface SuiteResults {
  backend: string;
  specs: SpecOutcome[];
  /** Errors outside any spec (a throwing beforeAll, a file that failed to load). */
  suiteErrors: string[];
  seconds: number;
}
