// What compaction achieved, as the compact.json record and as printed tables: per-layer output shape,
// parameters and MACs per example before and after, totals, the logit equality check, test accuracy
// before and after (and before fine-tuning, when the compacted model was fine-tuned), whether anything
// changed at all, and measured inference throughput with its spread (worded by claims.ts).
import Table from 'cli-table3';
import type * as tfl from '@tensorflow/tfjs-layers';
import { countMacs, countParams } from '../models/macs.js';
import type { Note } from '../structure/chain.js';
import type { Compaction, StageSummary } from './compact_model.js';
import { claimedSpeedup, claimLines, compactionUnchanged } from './claims.js';
import type { ThroughputPair } from './throughput.js';

export interface LayerRow {
  name: string;
  className: string;
  /** Output shape without the batch axis; [] for a layer compaction added. */
  shapeBefore: number[];
  shapeAfter: number[];
  paramsBefore: number;
  paramsAfter: number;
  macsBefore: number;
  macsAfter: number;
}

export interface CompactReport {
  macsBefore: number;
  macsAfter: number;
  /** MACs of the original counting only its non-zero kernel weights (what an ideal sparse kernel would do). */
  macsNonzeroBefore: number;
  paramsBefore: number;
  paramsAfter: number;
  maxAbsLogitDiff: number;
  /** max |original logit|: maxAbsLogitDiff is checked against 1e-4 times this. */
  logitScale: number;
  testExamples: number;
  testAccuracyBefore: number | null;
  /** The final model's: the compacted one, or what fine-tuning made of it. */
  testAccuracyAfter: number | null;
  /** The compacted model's before fine-tuning; null when it was not fine-tuned. */
  testAccuracyBeforeFinetune: number | null;
  /** Compaction removed nothing (compactionUnchanged): the throughput ratio is noise, and no speed-up is claimed. */
  unchanged: boolean;
  layers: LayerRow[];
  /** Per Dense/Conv2D layer: units and input channels before and after, and why units went or stayed. */
  stages: StageSummary[];
  throughput: { backend: string; batches: ThroughputPair[] };
  notes: Note[];
  /** [[top, bottom], [left, right]] input pixels cropped away, or null. */
  inputCrop: [[number, number], [number, number]] | null;
  /**
   * With pruneInputs: the input features the compacted model takes (flattened indices, in order) and how
   * many the original took; input_selection.ts feeds it. Null otherwise.
   */
  inputFeatures: { kept: number[]; of: number } | null;
}

export interface ReportInput {
  original: tfl.LayersModel;
  /**
   * The model a run that shrank while training started from: the "before" costs and rows are its, since
   * `original` is already compacted. By default `original`.
   */
  reference?: tfl.LayersModel;
  /** The trained model's accuracy before fine-tuning, when the run fine-tuned. */
  testAccuracyBeforeFinetune?: number | null;
  compaction: Compaction;
  /** Labels of the verification inputs, when they are a labelled test set. */
  labels?: Uint8Array;
  backend: string;
  throughput: ThroughputPair[];
}

function outputShape(layer: tfl.layers.Layer): number[] {
  const shape = layer.outputShape;
  if (shape.length > 0 && Array.isArray(shape[0])) return [];
  return shape.slice(1).map((d) => (typeof d === 'number' ? d : 0));
}

function lookup<T extends { name: string }>(entries: T[], name: string, value: (entry: T) => number): number {
  const entry = entries.find((e) => e.name === name);
  return entry === undefined ? 0 : value(entry);
}

function accuracy(predicted: Int32Array, labels: Uint8Array | undefined): number | null {
  if (labels === undefined || labels.length !== predicted.length || labels.length === 0) return null;
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return correct / labels.length;
}

export function buildReport(input: ReportInput): CompactReport {
  const { compaction } = input;
  const original = input.reference ?? input.original;
  const compacted = compaction.model;
  const [macsBefore, macsAfter] = [countMacs(original), countMacs(compacted)];
  const [paramsBefore, paramsAfter] = [countParams(original), countParams(compacted)];
  // In the compacted model's order, which may hold a new Cropping2D the original does not have.
  const layers = compacted.layers
    .filter((layer) => layer.getClassName() !== 'InputLayer')
    .map((after): LayerRow => {
      const before = original.layers.find((layer) => layer.name === after.name);
      return {
        name: after.name,
        className: after.getClassName(),
        shapeBefore: before === undefined ? [] : outputShape(before),
        shapeAfter: outputShape(after),
        paramsBefore: lookup(paramsBefore.layers, after.name, (e) => e.params),
        paramsAfter: lookup(paramsAfter.layers, after.name, (e) => e.params),
        macsBefore: lookup(macsBefore.layers, after.name, (e) => e.macs),
        macsAfter: lookup(macsAfter.layers, after.name, (e) => e.macs),
      };
    });
  const { check } = compaction;
  return {
    macsBefore: macsBefore.total,
    macsAfter: macsAfter.total,
    macsNonzeroBefore: countMacs(input.original, { nonzeroOnly: true }).total,
    paramsBefore: paramsBefore.total,
    paramsAfter: paramsAfter.total,
    maxAbsLogitDiff: check.maxAbsDiff,
    logitScale: check.scale,
    testExamples: check.predictedBefore.length,
    testAccuracyBefore: accuracy(check.predictedBefore, input.labels),
    testAccuracyAfter: accuracy(check.predictedAfter, input.labels),
    testAccuracyBeforeFinetune: input.testAccuracyBeforeFinetune ?? null,
    unchanged: input.reference === undefined ? compactionUnchanged(compaction)
      : macsAfter.total === macsBefore.total && paramsAfter.total === paramsBefore.total,
    layers,
    stages: compaction.stages,
    throughput: { backend: input.backend, batches: input.throughput },
    notes: compaction.notes,
    inputCrop: compaction.inputCrop,
    inputFeatures: compaction.inputFeatures === null ? null
      : { kept: compaction.inputFeatures, of: input.original.inputs[0].shape.slice(1).reduce<number>((n, d) => n * (d ?? 0), 1) },
  };
}

/** The file next to a compacted model that records its report. */
export const COMPACT_JSON = 'compact.json';
const count = (n: number): string => n.toLocaleString('en-US');
const percent = (part: number, whole: number): string => (whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`);
const change = (before: string, after: string): string => (before === after ? before : `${before} -> ${after}`);
// Plain text: no colour codes, so the tables read the same in a log file.
const PLAIN = { style: { head: [], border: [] } };

function shapeText(row: LayerRow): string {
  const after = row.shapeAfter.join('x');
  return row.shapeBefore.length === 0 ? `(new) ${after}` : change(row.shapeBefore.join('x'), after);
}

/** "before -> after (kept%)" */
function total(before: number, after: number): string {
  return `${change(count(before), count(after))} (${percent(after, before)})`;
}

/** The report as plain-text tables, for the terminal; the speed-up with the spread of its rounds. */
export function formatReport(report: CompactReport): string {
  const layers = new Table({ ...PLAIN, head: ['layer', 'class', 'output shape', 'params', 'MACs / example'] });
  for (const row of report.layers) {
    layers.push([
      row.name, row.className,
      shapeText(row),
      change(count(row.paramsBefore), count(row.paramsAfter)),
      change(count(row.macsBefore), count(row.macsAfter)),
    ]);
  }
  layers.push([
    'total', '', '',
    total(report.paramsBefore, report.paramsAfter),
    total(report.macsBefore, report.macsAfter),
  ]);
  const summary = new Table(PLAIN);
  summary.push(
    {
      'max |logit difference|': `${report.maxAbsLogitDiff.toExponential(2)} ` +
        `(logit scale ${report.logitScale.toFixed(3)}, ${count(report.testExamples)} examples)`,
    },
    ...claimLines(report).map(([key, value]) => ({ [key]: value })),
  );
  const speed = new Table({
    ...PLAIN, head: [`batch (${report.throughput.backend})`, 'examples/s before', 'examples/s after', 'speed-up'] });
  for (const pair of report.throughput.batches) {
    const rates = [pair.before, pair.after].map((rate) => count(Math.round(rate)));
    speed.push([String(pair.batch), ...rates, claimedSpeedup(pair, report.unchanged)]);
  }
  const notes = report.notes.map((note) => `note: ${note.layer}: ${note.reason}`);
  const { inputFeatures } = report;
  const inputs = inputFeatures === null ? [] : [`input: ${count(inputFeatures.kept.length)} of ${count(inputFeatures.of)} ` +
    `features kept; the compacted model takes them alone, flattened, in the order ${COMPACT_JSON} lists`];
  return [layers.toString(), summary.toString(), speed.toString(), ...inputs, ...notes].join('\n');
}
