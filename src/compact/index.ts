// Compaction: a trained model (a chain, or any model its coupling graph covers) becomes a smaller model of
// built-in TF.js layers with equal logits. src/compact imports tfjs, src/models and src/util only.
export { compactModel, type Compaction, type CompactOptions, type StageSummary } from './compact_model.js';
export { compactGraph, type GraphCompaction, type GraphCompactOptions, type GraphSlicing } from './compact_graph.js';
export { shrinkForTraining } from './shrink_for_training.js';
export { type Note } from '../structure/chain.js';
export {
  assertLogitsAgree, CompactionMismatchError, compareLogits, LOGIT_TOLERANCE, logitsAgree, type LogitComparison,
  type ModelInputs, type OutputComparison,
} from './verify.js';
export { compareThroughput, measureThroughput, type ThroughputOptions, type ThroughputPair } from './throughput.js';
export {
  claimedSpeedup, compactionUnchanged, NO_CHANGE, speedupSpread, speedupText, type SpeedupSpread,
} from './claims.js';
export { buildReport, formatReport, type CompactReport, type LayerRow, type ReportInput } from './report.js';
