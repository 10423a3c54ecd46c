// `compare()`: the paper's comparison on the user's data. The same model, data, budget and seed under
// several regularisers, each an ordinary run folder under `out`, with results.json, results.csv and
// report.html beside them.
import { CgesError } from '../util/errors.js';
import { runTrials, type RunTrialsOptions, type TrialsRun } from './run_trials.js';
import type { Trial, TrialSettings } from './trial.js';
import { omittedTrials, reportTrials } from './trials_report.js';

/**
 * The runs compare knows by name. The baselines and `cges` take the model's original-style settings
 * (--preset original); `cges-target` is the small preset's cost-target mode at its default target.
 */
export const COMPARE_RUNS: Record<string, TrialSettings> = {
  l2: { preset: 'original', reg: 'l2' },
  l1: { preset: 'original', reg: 'l1' },
  group: { preset: 'original', reg: 'group' },
  exclusive: { preset: 'original', reg: 'exclusive' },
  cges: { preset: 'original', reg: 'cges' },
  'cges-exact': { preset: 'original', reg: 'cges', 'exclusive-prox': 'exact' },
  'cges-target': { preset: 'small', reg: 'cges' },
};
export const DEFAULT_COMPARE_RUNS = Object.keys(COMPARE_RUNS);
/** Steps per run: a comparison a user waits for, not the original 30,000. */
export const DEFAULT_COMPARE_ITERATIONS = 3000;

/**
 * `--regs` as written: names from COMPARE_RUNS, comma-separated, each with its own train flags after
 * colons: "l2,cges:lambda=1e-4:mu=0.6,cges-target:target-macs=0.1". A name given twice needs "@label"
 * to tell the runs apart ("cges@a:mu=0.4,cges@b:mu=0.6").
 */
export function parseCompareRuns(text: string, common: TrialSettings): Trial[] {
  return text.split(',').map((item) => item.trim()).filter((item) => item !== '').map((item) => {
    const [head, ...pairs] = item.split(':');
    const [kind, label] = head.split('@');
    const base = COMPARE_RUNS[kind];
    if (base === undefined) {
      throw new CgesError(`--regs: unknown run "${kind}"; known: ${DEFAULT_COMPARE_RUNS.join(', ')}`);
    }
    const own: TrialSettings = {};
    for (const pair of pairs) {
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      if (!/^[a-z][a-z-]*$/.test(key)) throw new CgesError(`--regs: "${pair}" in "${item}" is not a setting (name=value)`);
      own[key] = eq < 0 ? true : pair.slice(eq + 1);
    }
    return { name: label === undefined ? kind : `${kind}@${label}`, settings: { ...common, ...base, ...own } };
  });
}

export interface CompareOptions extends RunTrialsOptions {
  /** The runs (default: every one of COMPARE_RUNS with `common`). */
  runs?: Trial[];
  /** Settings every run shares: model, data, iterations, seed, ... (iterations default DEFAULT_COMPARE_ITERATIONS). */
  common?: TrialSettings;
}

export interface CompareRun extends TrialsRun {
  /** report.html, or null when no run finished. */
  report: string | null;
}

export async function compare(options: CompareOptions): Promise<CompareRun> {
  const log = options.log ?? console.log;
  const common = { iterations: String(DEFAULT_COMPARE_ITERATIONS), ...options.common };
  const trials = options.runs ?? parseCompareRuns(DEFAULT_COMPARE_RUNS.join(','), common);
  const run = await runTrials(trials, { ...options, log });
  return { ...run, report: await reportTrials(options.out, run.results, log, { omitted: omittedTrials(run) }) };
}
