// What the report knows of one finished run: its summary, the logged series and, when the run was
// compacted, the compaction record. Each type keeps only the fields the report shows, named and shaped as
// `cges train` and `cges compact` write them, so the writers' types stay the single definition; the cost
// target and fine-tuning of summary.json (written by src/cli, which the report may not import) are spelt
// out below as the file holds them. Fields that older runs lack are optional (absent in their files),
// never defaulted.
// src/report imports src/util, and types from src/train and src/compact, only.
import type { CompactReport } from '../compact/report.js';
import type { ThroughputPair } from '../compact/throughput.js';
import type { LayerSparsity } from '../train/metrics.js';
import type { CompactedFigures, DisplayEvent, TestEvent } from '../train/trainer.js';

/** A setting as summary.json holds it (a TrainConfig value). */
export type SettingValue = string | number | boolean | number[] | null;

/**
 * The network compaction would produce from the weights at a step: MACs and parameters per example, and
 * their fractions of the dense model.
 */
export type { CompactedFigures };

/** Which part of training an event comes from: making the network sparse, or fine-tuning what is left. */
export type TrainPhase = TestEvent['phase'];

/** The run's cost target, as fractions of the dense model's MACs / parameters, and the step it was met. */
export interface CostTarget {
  macs: number | null;
  params: number | null;
  /** null: the target was missed. */
  reachedAtStep: number | null;
}

export interface FinetuneRecord {
  /** null when fine-tuning never began. */
  startStep: number | null;
  steps: number;
  /** Test accuracy when fine-tuning began. */
  testAccuracyBefore: number | null;
}

/** summary.json, as written at the end of `cges train`. */
export interface RunSummary {
  model: string;
  reg: string;
  testAccuracy: number;
  /** Accuracy on the validation examples at the end; absent for a run without any (or from before it). */
  valAccuracy?: number;
  usingParam: number;
  flopOriginal: number;
  macs: TestEvent['macs'];
  backend: string;
  samplesPerSecond: number;
  trainSeconds: number;
  iterations: number;
  layers: LayerSparsity[];
  /** The run's settings in the order written; values that are not plain settings are left out. */
  config: Record<string, SettingValue>;
  /** What compaction would produce from the final weights. */
  compacted?: CompactedFigures;
  target?: CostTarget;
  finetune?: FinetuneRecord;
  /** Steps at which the run went on with its compaction (shrinking while training). */
  shrinkSteps?: number[];
}

/** With the MACs and the compacted network's cost where the run logged them at displays (newer runs). */
export type DisplayPoint = Pick<DisplayEvent, 'step' | 'usingParam' | 'layers'> &
  Partial<Pick<DisplayEvent, 'phase' | 'macs' | 'compacted'>>;
/** With the compacted network's cost, the phase and the controller's strength where the run logged them. */
export type TestPoint = Pick<TestEvent, 'step' | 'testAccuracy' | 'usingParam' | 'macs'> &
  Partial<Pick<TestEvent, 'compacted' | 'phase' | 'strength'>> & { valAccuracy?: number };

/** A throughput pair; files written before the rounds were kept have none. */
export type ThroughputRecord = Omit<ThroughputPair, 'roundsBefore' | 'roundsAfter'> &
  Partial<Pick<ThroughputPair, 'roundsBefore' | 'roundsAfter'>>;

/** compact/compact.json, as written by `cges compact` or `cges train --compact`. */
export type CompactRecord = Pick<CompactReport,
  'macsBefore' | 'macsAfter' | 'paramsBefore' | 'paramsAfter' | 'maxAbsLogitDiff' | 'logitScale' | 'testExamples' |
  'testAccuracyBefore' | 'testAccuracyAfter' | 'layers' | 'notes' | 'unchanged'> &
  Partial<Pick<CompactReport, 'testAccuracyBeforeFinetune'>> & {
    throughput: { backend: string; batches: ThroughputRecord[] };
  };

export interface RunRecord {
  /** Unique among the runs of one report: the folder's name, or its path when two names clash. */
  name: string;
  dir: string;
  summary: RunSummary;
  display: DisplayPoint[];
  test: TestPoint[];
  compact: CompactRecord | null;
}
