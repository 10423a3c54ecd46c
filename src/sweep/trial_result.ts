// What a finished trial measured, read back from its run folder: the row of the comparison table and of
// results.json / results.csv.
import { readRun } from '../report/read_run.js';
import { runData } from '../report/run_identity.js';
import type { CompactRecord, RunRecord } from '../report/run_record.js';
import { CgesError } from '../util/errors.js';
import type { Trial, TrialSettings } from './trial.js';

export interface LayerUnits {
  layer: string;
  alive: number;
  total: number;
}

export interface TrialResult {
  name: string;
  dir: string;
  settings: TrialSettings;
  model: string;
  /** The data folder's name, so runs on different data are told apart. */
  data: string;
  reg: string;
  /** Held-out accuracy from the training data when the run measured one (a validation split), else null. */
  validationAccuracy: number | null;
  testAccuracy: number;
  usingParam: number;
  flopOriginal: number;
  /** The compacted network's cost per example, and its share of the dense model's. */
  compactedMacs: number;
  compactedMacsFraction: number;
  compactedParams: number;
  compactedParamsFraction: number;
  aliveUnits: LayerUnits[];
  /** The compacted model's measured examples/s at batch 1 and 100. */
  examplesPerSecondBatch1: number;
  examplesPerSecondBatch100: number;
  trainSeconds: number;
  /** The onednn threads the run last trained on, which its bits depend on (null when the summary has none). */
  threads: number | null;
}

/** Units per kernel layer of the compacted network against the dense one (a shrunk run's summary has only the former). */
function aliveUnits(run: RunRecord & { compact: CompactRecord }): LayerUnits[] {
  const last = (shape: number[]) => shape[shape.length - 1] ?? 0;
  return run.summary.layers.map(({ name }) => {
    const row = run.compact.layers.find((layer) => layer.name === name);
    if (row === undefined) throw new CgesError(`${run.dir}: compact/compact.json has no layer ${name}`);
    return { layer: name, alive: last(row.shapeAfter), total: last(row.shapeBefore) };
  });
}

function examplesPerSecond(run: RunRecord, batch: number): number {
  const pair = run.compact?.throughput.batches.find((entry) => entry.batch === batch);
  if (pair === undefined) throw new CgesError(`${run.dir}: compact/compact.json has no throughput at batch ${batch}`);
  return pair.after;
}

/** Reads `trial`'s finished run in `dir`; a CgesError names the file at fault. */
export function readTrialResult(trial: Trial, dir: string): TrialResult {
  const run = readRun(dir, trial.name);
  if (run.compact === null) throw new CgesError(`${dir} has no compact/compact.json; the run was not compacted`);
  const { summary, compact } = run;
  return {
    name: trial.name,
    dir,
    settings: trial.settings,
    model: summary.model,
    data: runData(run),
    reg: summary.reg,
    validationAccuracy: summary.valAccuracy ?? null,
    testAccuracy: summary.testAccuracy,
    usingParam: summary.usingParam,
    flopOriginal: summary.flopOriginal,
    compactedMacs: compact.macsAfter,
    compactedMacsFraction: compact.macsAfter / compact.macsBefore,
    compactedParams: compact.paramsAfter,
    compactedParamsFraction: compact.paramsAfter / compact.paramsBefore,
    aliveUnits: aliveUnits({ ...run, compact }),
    examplesPerSecondBatch1: examplesPerSecond(run, 1),
    examplesPerSecondBatch100: examplesPerSecond(run, 100),
    trainSeconds: summary.trainSeconds,
    threads: typeof summary.config.threads === 'number' ? summary.config.threads : null,
  };
}

/** The accuracy a choice is made by: validation when every result has it, else test (and the caller says so). */
export function selectionAccuracy(results: TrialResult[]): { by: 'validation' | 'test'; of: (r: TrialResult) => number } {
  if (results.length > 0 && results.every((r) => r.validationAccuracy !== null)) {
    return { by: 'validation', of: (r) => r.validationAccuracy ?? Number.NaN };
  }
  return { by: 'test', of: (r) => r.testAccuracy };
}
