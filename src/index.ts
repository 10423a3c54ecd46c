// cges: Combined Group and Exclusive Sparsity (Yoon & Hwang, ICML 2017) for TensorFlow.js.
// The one public entry of the package: everything a user may touch is re-exported here.

// Errors a user can cause.
export { CgesError } from './util/errors.js';

// Backends: the fastest available (oneDNN, else wasm) or the one asked for.
export { BACKEND_NAMES, selectBackend, type BackendName, type SelectBackendOptions } from './backend/select_backend.js';
export { ONEDNN_BACKEND, registerOneDnnBackend, type OneDnnOptions } from './backend/onednn_backend.js';

// Proximal operators and the per-layer CGES schedule.
export * from './prox/index.js';

// Data and models.
export * from './data/index.js';
export * from './models/index.js';
export { loadModel, saveModel } from './models/model_io.js';

// Regularisers (also as a model.fit callback) and training.
export * from './train/regularizers/index.js';
export {
  checkLrSchedule, FINETUNE_LR_MODES, learningRate, ORIGINAL_LR_SCHEDULE, phaseLearningRate, type FinetuneLrMode, type LrSchedule,
} from './train/lr_schedule.js';
export {
  checkTeacherFits, DEFAULT_DISTILL_ALPHA, DEFAULT_DISTILL_PHASE, DEFAULT_DISTILL_TEMPERATURE, DISTILL_PHASES, distillationLoss,
  type DistillPhase, type Teacher,
} from './train/distillation.js';
export { Rng, type RngState } from './train/rng.js';
export { type ControlState } from './train/structure_control.js';
export {
  BatchSampler, gatherBatch, sequentialBatch, type Batch, type LabelledImages, type SamplerState,
} from './train/batches.js';
export { type AugmentOptions } from './train/augment.js';
export {
  type BatchDataset, type BatchSource, type LabelledTensors, type StreamedData, type TensorBatch, type TrainingData,
} from './train/batch_stream.js';
export { makeOptimizer, OPTIMIZER_NAMES, type OptimizerName, type ScheduledOptimizer } from './train/optimizers.js';
export { isLossName, lossFunction, LOSS_NAMES, type LossFunction, type LossName } from './train/losses.js';
export { makeTrainStep, type StepResult, type TrainStep, type TrainStepOptions } from './train/train_step.js';
export { snapshotModel, TrainState, type TrainStateSnapshot } from './train/train_state.js';
export { shrinkOptimizer, SHRINK_BELOW, type ModelShrinker, type ShrunkModel } from './train/shrink.js';
export { readCheckpoint, readCheckpointSettings, writeCheckpoint, type Checkpoint } from './train/checkpoint.js';
export {
  createTrainState, train, TrainingDivergedError, type DisplayEvent, type ShrinkEvent, type TestEvent, type TrainData,
  type TrainEvent,
  type TrainOptions, type TrainResult,
} from './train/trainer.js';
export {
  denseReference, flopCosts, ORIGINAL_FLOP_COSTS, sparsityReport, testAccuracy, type DenseReference, type LayerSparsity,
  type SparsityReport,
} from './train/metrics.js';

// What is coupled in a model, and what compaction would cost.
export {
  compactedCost, couplingGraph, decideChannels, graphCost, graphUnits, type ChannelDecision, type CompactedCost,
  type CouplingGraph, type GraphCost, type GraphUnit,
} from './structure/index.js';

// Compaction into a smaller model with equal logits.
export * from './compact/index.js';

// Reports: finished runs read back and compared in one self-contained HTML page.
export * from './report/index.js';

// Comparisons and sweeps over many runs, on local worker processes or a BullMQ queue.
export * from './sweep/index.js';
