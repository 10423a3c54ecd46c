// compact/compact.json of a compacted run (optional: absent means the run was not compacted), checked
// field by field (see CompactRecord). Files from before a field existed still read: a pair without its
// rounds has no spread, and a file without `unchanged` is judged by its stages and input crop.
// src/report imports src/util, src/compact/claims.ts (no TF.js), and types from src/train and src/compact, only.
import { existsSync } from 'node:fs';
import type { LayerRow } from '../compact/report.js';
import { compactionUnchanged, type StageCounts } from '../compact/claims.js';
import { readJsonFile, type JsonChecks, type JsonObject } from './json_checks.js';
import type { CompactRecord, ThroughputRecord } from './run_record.js';

function readLayerRow(checks: JsonChecks, row: JsonObject, where: string): LayerRow {
  const number = (key: string) => checks.number(row, key, where);
  return {
    name: checks.string(row, 'name', where),
    className: checks.string(row, 'className', where),
    shapeBefore: checks.numbers(row, 'shapeBefore', where),
    shapeAfter: checks.numbers(row, 'shapeAfter', where),
    paramsBefore: number('paramsBefore'),
    paramsAfter: number('paramsAfter'),
    macsBefore: number('macsBefore'),
    macsAfter: number('macsAfter'),
  };
}

function readThroughputPair(checks: JsonChecks, pair: JsonObject, where: string): ThroughputRecord {
  const number = (key: string) => checks.number(pair, key, where);
  const rounds = (key: 'roundsBefore' | 'roundsAfter') =>
    checks.optional(pair, key, () => checks.numbers(pair, key, where));
  const record = {
    batch: number('batch'), before: number('before'), after: number('after'), speedup: number('speedup'),
    ...rounds('roundsBefore'), ...rounds('roundsAfter'),
  };
  if (record.roundsBefore?.length !== record.roundsAfter?.length) {
    throw checks.fail(`${where}.roundsBefore and ${where}.roundsAfter do not hold the same number of rounds`);
  }
  return record;
}

function readStageCounts(checks: JsonChecks, stage: JsonObject, where: string): StageCounts {
  const number = (key: string) => checks.number(stage, key, where);
  return {
    unitsBefore: number('unitsBefore'), unitsAfter: number('unitsAfter'),
    inChannelsBefore: number('inChannelsBefore'), inChannelsAfter: number('inChannelsAfter'),
  };
}

/** `unchanged` as written, or for an older file whether its stages and input crop show that nothing went. */
function readUnchanged(checks: JsonChecks, json: JsonObject): boolean {
  if (json.unchanged !== undefined) return checks.boolean(json, 'unchanged', '');
  if (json.stages === undefined) return false;
  const stages = checks.objects(json, 'stages', '', (stage, where) => readStageCounts(checks, stage, where));
  return compactionUnchanged({ stages, inputCrop: json.inputCrop ?? null });
}

/** The record at `path`, or null when the file does not exist. */
export function readCompact(path: string): CompactRecord | null {
  if (!existsSync(path)) return null;
  const { json, checks } = readJsonFile(path);
  const number = (key: string) => checks.number(json, key, '');
  const throughput = checks.object(json.throughput, 'throughput');
  return {
    macsBefore: number('macsBefore'),
    macsAfter: number('macsAfter'),
    paramsBefore: number('paramsBefore'),
    paramsAfter: number('paramsAfter'),
    maxAbsLogitDiff: number('maxAbsLogitDiff'),
    logitScale: number('logitScale'),
    testExamples: number('testExamples'),
    testAccuracyBefore: checks.numberOrNull(json, 'testAccuracyBefore', ''),
    testAccuracyAfter: checks.numberOrNull(json, 'testAccuracyAfter', ''),
    ...checks.optional(json, 'testAccuracyBeforeFinetune', () => checks.number(json, 'testAccuracyBeforeFinetune', '')),
    unchanged: readUnchanged(checks, json),
    layers: checks.objects(json, 'layers', '', (row, where) => readLayerRow(checks, row, where)),
    throughput: {
      backend: checks.string(throughput, 'backend', 'throughput'),
      batches: checks.objects(throughput, 'batches', 'throughput',
        (pair, where) => readThroughputPair(checks, pair, where)),
    },
    notes: checks.objects(json, 'notes', '', (note, where) => ({
      layer: checks.string(note, 'layer', where),
      reason: checks.string(note, 'reason', where),
    })),
  };
}
