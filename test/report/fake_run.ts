// Small run folders with hand-picked numbers, written the way `cges train` and `cges compact` write them
// (summary.json, metrics.jsonl, compact/compact.json), for the report's tests. By default they hold only
// the fields older versions wrote; `aware` adds what compaction-aware training writes (the compacted
// figures, a cost target, fine-tuning), and COMPACT_NEW is a newer compact.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** [step, test accuracy, MACs fraction, using param] of each test event. */
export type TestRow = [number, number, number, number];

export interface FakeRun {
  reg?: string;
  lambda?: number;
  tests?: TestRow[];
  /** [step, fc1 zeros, fc2 zeros] of each display event. */
  displays?: [number, number, number][];
  /** Write compact/compact.json: COMPACT (as older versions wrote it) for true, or the record given. */
  compact?: boolean | object;
  aware?: CompactionAware;
  /** summary.json's validation accuracy (runs without validation examples have none). */
  valAccuracy?: number;
  /** summary.json's model and config.dataDir (lenet-300-100, no data folder, by default). */
  model?: string;
  dataDir?: string;
}

/** The fields compaction-aware training adds to summary.json and metrics.jsonl. */
export interface CompactionAware {
  /** [MACs fraction, params fraction] of the network compaction would produce, per test event. */
  compacted: [number, number][];
  target?: { macs: number | null; params: number | null; reachedAtStep: number | null };
  /** The step fine-tuning began at: events from it on are in phase 'finetune'. */
  finetuneFrom?: number;
  /** Steps at which the run went on with its compaction. */
  shrinkSteps?: number[];
  /**
   * [MACs fraction, params fraction] of the compacted network per display event, as newer runs log them;
   * those events then carry the non-zero MACs too, at a fraction equal to their using param.
   */
  displayCompacted?: [number, number][];
}

/** MACs and parameters per example of the dense fake network (LAYERS' kernels plus 3 + 2 biases). */
export const DENSE_MACS = 18;
export const DENSE_PARAMS = 23;

/** For DEFAULT_TESTS: the compacted network shrinks to a quarter of the MACs, meeting the target at 30. */
export const AWARE: CompactionAware = {
  compacted: [[0.5, 0.6], [0.25, 0.4]],
  target: { macs: 0.25, params: null, reachedAtStep: 30 },
  finetuneFrom: 20,
  shrinkSteps: [12, 20],
};

export const DEFAULT_TESTS: TestRow[] = [[15, 0.8, 0.7, 0.8], [30, 0.9, 0.6, 0.75]];
export const DEFAULT_DISPLAYS: [number, number, number][] = [[10, 0.1, 0], [20, 0.3, 0], [30, 0.5, 0]];

/** fc1 [4, 3]: 6 of 12 weights zero, 1 of 4 input groups zero, 2 of 3 units alive; fc2 [3, 2]: dense. */
export const LAYERS = [
  {
    name: 'fc1', shape: [4, 3], nonzeros: 6, sparsity: 0.5, zeroGroups: 1, totalGroups: 4, aliveUnits: 2, totalUnits: 3,
  },
  {
    name: 'fc2', shape: [3, 2], nonzeros: 6, sparsity: 0, zeroGroups: 0, totalGroups: 3, aliveUnits: 2, totalUnits: 2,
  },
];

export const COMPACT = {
  macsBefore: 1000, macsAfter: 250, macsNonzeroBefore: 600, paramsBefore: 2000, paramsAfter: 800,
  maxAbsLogitDiff: 1.5e-6, logitScale: 12.5, testExamples: 300, testAccuracyBefore: 0.9, testAccuracyAfter: 0.9,
  layers: [
    {
      name: 'fc1', className: 'Dense', shapeBefore: [3], shapeAfter: [2],
      paramsBefore: 1500, paramsAfter: 600, macsBefore: 800, macsAfter: 200,
    },
    {
      name: 'fc2', className: 'Dense', shapeBefore: [2], shapeAfter: [2],
      paramsBefore: 500, paramsAfter: 200, macsBefore: 200, macsAfter: 50,
    },
  ],
  // fc1 loses a unit, so fc2 loses that input channel.
  stages: [
    {
      layer: 'fc1', unitsBefore: 3, unitsAfter: 2, inChannelsBefore: 4, inChannelsAfter: 4,
      removedNoOutgoing: 1, removedConstant: 0, keptNotFoldable: 0,
    },
    {
      layer: 'fc2', unitsBefore: 2, unitsAfter: 2, inChannelsBefore: 3, inChannelsAfter: 2,
      removedNoOutgoing: 0, removedConstant: 0, keptNotFoldable: 0,
    },
  ],
  throughput: {
    backend: 'cpu',
    batches: [
      { batch: 1, before: 100, after: 150, speedup: 1.5 },
      { batch: 100, before: 1000, after: 3000, speedup: 3 },
    ],
  },
  notes: [{ layer: 'fc2', reason: 'the output layer keeps its units' }],
  inputCrop: null,
};

/** COMPACT as a newer cges writes it: every throughput round kept, whether anything changed, fine-tuning. */
export const COMPACT_NEW = {
  ...COMPACT,
  testAccuracyAfter: 0.92,
  testAccuracyBeforeFinetune: 0.88,
  unchanged: false,
  throughput: {
    backend: 'cpu',
    batches: [
      // Per-round ratios 150/90, 140/100, 120/95: 1.667, 1.4, 1.263.
      { batch: 1, before: 100, after: 150, speedup: 1.5, roundsBefore: [90, 100, 95], roundsAfter: [150, 140, 120] },
      // Per-round ratios 2.4, 3.25, 3.158.
      {
        batch: 100, before: 1000, after: 3000, speedup: 3,
        roundsBefore: [1000, 800, 950], roundsAfter: [2400, 2600, 3000],
      },
    ],
  },
};

/** The `compacted` figures of a MACs and a params fraction. */
function compactedFigures([macsFraction, paramsFraction]: [number, number]) {
  return {
    macs: Math.round(DENSE_MACS * macsFraction), params: Math.round(DENSE_PARAMS * paramsFraction),
    macsFraction, paramsFraction,
  };
}

/** The phase of an event at `step`, when fine-tuning began at `from`. */
function phase(step: number, from: number | undefined) {
  return from === undefined ? {} : { phase: step >= from ? 'finetune' : 'sparsify' };
}

/** What summary.json gains from compaction-aware training. */
function awareSummary(tests: TestRow[], aware: CompactionAware | undefined): Record<string, unknown> {
  if (aware === undefined) return {};
  const from = aware.finetuneFrom;
  const last = tests[tests.length - 1][0];
  const before = tests.filter(([step]) => from !== undefined && step < from).at(-1);
  return {
    compacted: compactedFigures(aware.compacted[aware.compacted.length - 1]),
    ...(aware.target === undefined ? {} : { target: aware.target }),
    ...(from === undefined ? {} : {
      finetune: { startStep: from, steps: last - from, testAccuracyBefore: before?.[1] ?? null },
    }),
    ...(aware.shrinkSteps === undefined ? {} : { shrinkSteps: aware.shrinkSteps }),
  };
}

export function summaryJson(options: FakeRun = {}): Record<string, unknown> {
  const tests = options.tests ?? DEFAULT_TESTS;
  const last = tests[tests.length - 1];
  const reg = options.reg ?? 'cges';
  const model = options.model ?? 'lenet-300-100';
  return {
    model, reg, testAccuracy: last[1], usingParam: last[3], flopOriginal: 0.55,
    ...(options.valAccuracy === undefined ? {} : { valAccuracy: options.valAccuracy }),
    macs: { dense: 18, nonzero: Math.round(18 * last[2]), fraction: last[2] },
    backend: 'cpu', samplesPerSecond: 1234.5, trainSeconds: 12.25, iterations: last[0], layers: LAYERS,
    config: {
      model, ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }), reg, lambda: options.lambda ?? 0.001, mu: 0.8, gscale: [1, 0.5], grouping: 'input',
      iterations: last[0], batchSize: 100, seed: 1, out: '/somewhere/else', force: true,
    },
    ...awareSummary(tests, options.aware),
  };
}

/** Using param of a display event: fc1 holds 12 of the 18 kernel weights, fc2 6. */
function usingParamOf(fc1Zeros: number, fc2Zeros: number): number {
  return 1 - (12 * fc1Zeros + 6 * fc2Zeros) / 18;
}

/** The cost figures a newer run logs on a display event. */
function displayCost(compacted: [number, number] | undefined, fraction: number): Record<string, unknown> {
  if (compacted === undefined) return {};
  return {
    macs: { dense: DENSE_MACS, nonzero: Math.round(DENSE_MACS * fraction), fraction },
    compacted: compactedFigures(compacted),
  };
}

export function metricsJsonl(options: FakeRun = {}): string {
  const { aware } = options;
  const from = aware?.finetuneFrom;
  const display = (options.displays ?? DEFAULT_DISPLAYS).map(([step, fc1, fc2], i) => ({
    event: 'display', step, lr: 0.05, trainAccuracy: 0.9, loss: 0.3,
    layers: [{ name: 'fc1', sparsity: fc1 }, { name: 'fc2', sparsity: fc2 }], usingParam: usingParamOf(fc1, fc2),
    ...displayCost(aware?.displayCompacted?.[i], usingParamOf(fc1, fc2)),
    ...phase(step, from),
  }));
  const test = (options.tests ?? DEFAULT_TESTS).map(([step, testAccuracy, fraction, usingParam], i) => ({
    event: 'test', step, testAccuracy, usingParam, flopOriginal: 0.5,
    macs: { dense: DENSE_MACS, nonzero: Math.round(DENSE_MACS * fraction), fraction }, layers: LAYERS,
    // The strength the cost-target controller chose: 1, 1.5, 2, ...
    ...(aware === undefined ? {} : { compacted: compactedFigures(aware.compacted[i]), strength: 1 + i / 2 }),
    ...phase(step, from),
  }));
  const events = [...display, ...test].sort((a, b) => a.step - b.step);
  return events.map((event) => `${JSON.stringify(event)}\n`).join('');
}

/** Writes a finished run into `dir` (created) and returns `dir`. */
export function writeFakeRun(dir: string, options: FakeRun = {}): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'summary.json'), `${JSON.stringify(summaryJson(options), null, 2)}\n`);
  writeFileSync(join(dir, 'metrics.jsonl'), metricsJsonl(options));
  if (options.compact) {
    const record = options.compact === true ? COMPACT : options.compact;
    mkdirSync(join(dir, 'compact'));
    writeFileSync(join(dir, 'compact', 'compact.json'), `${JSON.stringify(record, null, 2)}\n`);
  }
  return dir;
}
