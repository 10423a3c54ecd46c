// summary.json of a finished run, checked field by field (see RunSummary). The compacted figures, the
// cost target and fine-tuning are optional: runs from before them have none.
// src/report imports src/util, and types from src/train and src/compact, only.
import type { LayerSparsity } from '../train/metrics.js';
import { readJsonFile, type JsonChecks, type JsonObject } from './json_checks.js';
import type {
  CompactedFigures, CostTarget, FinetuneRecord, RunSummary, SettingValue, TrainPhase,
} from './run_record.js';

export function readLayerSparsity(checks: JsonChecks, layer: JsonObject, where: string): LayerSparsity {
  const count = (key: string) => checks.number(layer, key, where);
  return {
    name: checks.string(layer, 'name', where),
    shape: checks.numbers(layer, 'shape', where),
    nonzeros: count('nonzeros'),
    sparsity: count('sparsity'),
    zeroGroups: count('zeroGroups'),
    totalGroups: count('totalGroups'),
    aliveUnits: count('aliveUnits'),
    totalUnits: count('totalUnits'),
  };
}

export function readMacs(checks: JsonChecks, value: unknown, where: string): RunSummary['macs'] {
  const macs = checks.object(value, where);
  return {
    dense: checks.number(macs, 'dense', where),
    nonzero: checks.number(macs, 'nonzero', where),
    fraction: checks.number(macs, 'fraction', where),
  };
}

/** parent.compacted, as summary.json and metrics.jsonl's test events hold it. */
export function readCompacted(checks: JsonChecks, parent: JsonObject): CompactedFigures {
  const figures = checks.object(parent.compacted, 'compacted');
  const number = (key: string) => checks.number(figures, key, 'compacted');
  return {
    macs: number('macs'), params: number('params'),
    macsFraction: number('macsFraction'), paramsFraction: number('paramsFraction'),
  };
}

export const PHASES: readonly TrainPhase[] = ['sparsify', 'finetune'];

function readTarget(checks: JsonChecks, parent: JsonObject): CostTarget {
  const target = checks.object(parent.target, 'target');
  const numberOrNull = (key: string) => checks.numberOrNull(target, key, 'target');
  return { macs: numberOrNull('macs'), params: numberOrNull('params'), reachedAtStep: numberOrNull('reachedAtStep') };
}

function readFinetune(checks: JsonChecks, parent: JsonObject): FinetuneRecord {
  const finetune = checks.object(parent.finetune, 'finetune');
  return {
    startStep: checks.numberOrNull(finetune, 'startStep', 'finetune'),
    steps: checks.number(finetune, 'steps', 'finetune'),
    testAccuracyBefore: checks.numberOrNull(finetune, 'testAccuracyBefore', 'finetune'),
  };
}

function isSetting(value: unknown): value is SettingValue {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value) ||
    (Array.isArray(value) && value.every((item) => typeof item === 'number'));
}

/** The settings, keeping model and reg (checked) and any other plain value as written. */
function readConfig(checks: JsonChecks, value: unknown): Record<string, SettingValue> {
  const config = checks.object(value, 'config');
  checks.string(config, 'model', 'config');
  checks.string(config, 'reg', 'config');
  const settings = Object.entries(config).filter((entry): entry is [string, SettingValue] => isSetting(entry[1]));
  return Object.fromEntries(settings);
}

export function readSummary(path: string): RunSummary {
  const { json, checks } = readJsonFile(path);
  const number = (key: string) => checks.number(json, key, '');
  return {
    model: checks.string(json, 'model', ''),
    reg: checks.string(json, 'reg', ''),
    testAccuracy: number('testAccuracy'),
    // null when the run had no validation examples.
    ...checks.optional(json, 'valAccuracy', () => number('valAccuracy')),
    usingParam: number('usingParam'),
    // Runs written before the rename call the original code's FLOP figure `flopSeed`.
    flopOriginal: number('flopSeed' in json && !('flopOriginal' in json) ? 'flopSeed' : 'flopOriginal'),
    macs: readMacs(checks, json.macs, 'macs'),
    backend: checks.string(json, 'backend', ''),
    samplesPerSecond: number('samplesPerSecond'),
    trainSeconds: number('trainSeconds'),
    iterations: number('iterations'),
    layers: checks.objects(json, 'layers', '', (layer, where) => readLayerSparsity(checks, layer, where)),
    config: readConfig(checks, json.config),
    ...checks.optional(json, 'compacted', () => readCompacted(checks, json)),
    ...checks.optional(json, 'target', () => readTarget(checks, json)),
    ...checks.optional(json, 'finetune', () => readFinetune(checks, json)),
    ...checks.optional(json, 'shrinkSteps', () => checks.numbers(json, 'shrinkSteps', '')),
  };
}
