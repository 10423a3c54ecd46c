// Reports: finished run folders read and checked, compared in an overview table, and rendered as one
// self-contained HTML page with Vega-Lite charts.
// src/report imports src/util, and types from src/train and src/compact, only (plus vega and vega-lite).
export { readRun, readRuns, COMPACT_JSON_PATH, METRICS_JSONL, SUMMARY_JSON } from './read_run.js';
export { readMetrics, type MetricsSeries } from './read_metrics.js';
export { readSummary } from './read_summary.js';
export { readCompact } from './read_compact.js';
export type {
  CompactedFigures, CompactRecord, CostTarget, DisplayPoint, FinetuneRecord, RunRecord, RunSummary, SettingValue,
  TestPoint, ThroughputRecord, TrainPhase,
} from './run_record.js';
export { runFigures, SPEEDUP_BATCH, tradeoffMacs, type CompactSource, type RunFigures } from './run_figures.js';
export { formatRunsOverview, runsOverview, type Overview } from './overview.js';
export { renderReport, type ReportOptions } from './render_report.js';
export type { PatternChoice } from './pattern_section.js';
export { mixedRunsWarning, runIdentity } from './run_identity.js';
