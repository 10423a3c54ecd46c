// What is coupled in a model and which units are dead: the chain of weighted stages and the links between
// them, the coupling graph of any model (its channel sets), how each layer type is sliced, and the
// dead-unit rules. Compaction, the training metrics and the masks all read this one implementation.
// src/structure imports tfjs, src/models and src/util only.
export { analyseChain, chainOrder, chainProblem, isChain, type Chain, type Note, type Stage } from './chain.js';
export { decideUnits, type StageDecision } from './dead_units.js';
export { sliceKernelMatrix, slicerFor, type LayerSlicer, type WeightData } from './layer_slicers.js';
export { readStageWeights, type StageWeights } from './stage_weights.js';
export {
  analyseDeadUnits, compactedCost, costOfDecisions, type CompactedCost, type DeadUnitAnalysis, type StageCost,
} from './compacted_cost.js';
export { smallestCost } from './cost_limits.js';
export { couplingMatrices, unitCouplings, type UnitCoupling } from './unit_groups.js';
export { couplingGraph, type ChannelSet, type CoupledOp, type CouplingGraph, type CouplingNote } from './coupling_graph.js';
export { decideChannels, type ChannelDecision } from './dead_channels.js';
export { graphCost, type GraphCost, type LayerCost } from './graph_cost.js';
export { graphUnits, type GraphUnit, type UnitSlice } from './graph_units.js';
export { modelGraph, type GraphOp, type GraphTensor, type ModelGraph } from './model_graph.js';
