// compact/compact.json of a compacted run (optional: absent means the run was not compacted), checked
// field by field (see CompactRecord).
// src/report imports src/util, and types from src/train and src/compact, only.
import { existsSync } from 'node:fs';
import type { LayerRow } from '../compact/report.js';
import type { ThroughputPair } from '../compact/throughput.js';
import { readJsonFile, type JsonChecks, type JsonObject } from './json_checks.js';
import type { CompactRecord } from './run_record.js';

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

function readThroughputPair(checks: JsonChecks, pair: JsonObject, where: string): ThroughputPair {
  const number = (key: string) => checks.number(pair, key, where);
  return { batch: number('batch'), before: number('before'), after: number('after'), speedup: number('speedup') };
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
