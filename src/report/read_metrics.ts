// metrics.jsonl of a run: the display and test events, in the order logged. `cges train` appends one
// line per event, so a crash can leave the last line cut short: a last line that does not parse and has
// no newline is skipped. Any other line that does not parse, or an event without the fields the report
// plots, is an error naming the file and the line. The compacted figures, phase and strength of newer runs
// are read where present (on display events too, from the version that logs them there).
// src/report imports src/util, and types from src/train and src/compact, only.
import { existsSync, readFileSync } from 'node:fs';
import { CgesError } from '../util/errors.js';
import { JsonChecks, type JsonObject } from './json_checks.js';
import { PHASES, readCompacted, readMacs } from './read_summary.js';
import type { DisplayPoint, TestPoint } from './run_record.js';

export interface MetricsSeries {
  display: DisplayPoint[];
  test: TestPoint[];
  /** True when a last line cut short by a crash was skipped. */
  truncated: boolean;
}

function readPhase(checks: JsonChecks, event: JsonObject): Pick<TestPoint, 'phase'> {
  return checks.optional(event, 'phase', () => checks.oneOf(event, 'phase', '', PHASES));
}

function readDisplay(checks: JsonChecks, event: JsonObject): DisplayPoint {
  return {
    step: checks.number(event, 'step', ''),
    usingParam: checks.number(event, 'usingParam', ''),
    layers: checks.objects(event, 'layers', '', (layer, where) => ({
      name: checks.string(layer, 'name', where),
      sparsity: checks.number(layer, 'sparsity', where),
    })),
    ...checks.optional(event, 'macs', () => readMacs(checks, event.macs, 'macs')),
    ...checks.optional(event, 'compacted', () => readCompacted(checks, event)),
    ...readPhase(checks, event),
  };
}

function readTest(checks: JsonChecks, event: JsonObject): TestPoint {
  return {
    step: checks.number(event, 'step', ''),
    // null before the last step of a run with validation examples.
    testAccuracy: checks.numberOrNull(event, 'testAccuracy', ''),
    ...checks.optional(event, 'valAccuracy', () => checks.number(event, 'valAccuracy', '')),
    usingParam: checks.number(event, 'usingParam', ''),
    macs: readMacs(checks, event.macs, 'macs'),
    ...checks.optional(event, 'compacted', () => readCompacted(checks, event)),
    ...readPhase(checks, event),
    ...checks.optional(event, 'strength', () => checks.number(event, 'strength', '')),
  };
}

export function readMetrics(path: string): MetricsSeries {
  if (!existsSync(path)) throw new CgesError(`${path} does not exist`);
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const series: MetricsSeries = { display: [], test: [], truncated: false };
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const checks = new JsonChecks(`${path} line ${i + 1}`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      // Only the text after the last newline can be a write the crash interrupted.
      if (i === lines.length - 1) {
        series.truncated = true;
        return;
      }
      throw checks.fail('not valid JSON');
    }
    const event = checks.object(parsed, 'the line');
    // Events of kinds the report does not plot (from a newer cges) are passed over.
    if (event.event === 'display') series.display.push(readDisplay(checks, event));
    else if (event.event === 'test') series.test.push(readTest(checks, event));
  });
  return series;
}
