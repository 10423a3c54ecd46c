// What a cost target can ask of a model's structure:
// - which kernel layer the cost-target machinery cannot follow yet (the model is not a chain, or the layer
//   is not a stage of it: a depthwise or NCHW conv): its units have no unit groups, so the target could
//   not be steered to;
// - the smallest compacted cost the structure allows: one unit left in each layer whose units can go (the
//   producers of unitCouplings, whose units the prox and forced removal take), the input and the output
//   fixed, every other layer as it is. No run can end below it.
import type * as tfl from '@tensorflow/tfjs-layers';
import { kernelWeights } from '../models/kernels.js';
import { analyseChain, chainOrder, stageProblem, type Note } from './chain.js';
import { analyseDeadUnits, costOfDecisions, type CompactedCost } from './compacted_cost.js';
import type { StageDecision } from './dead_units.js';
import { unitCouplings } from './unit_groups.js';

/** The first layer (or the model, when it is not a chain) whose MACs the compacted cost would leave out. */
export function unfollowedLayer(model: tfl.LayersModel): Note | undefined {
  const order = chainOrder(model);
  if (typeof order === 'string') return { layer: model.name, reason: `the model is not a chain: ${order}` };
  const chainStages = analyseChain(model).stages;
  const stages = new Set(chainStages.map((stage) => stage.layer));
  const kernelLayers = new Set(kernelWeights(model).map((kernel) => kernel.layer));
  // A frozen layer before the first stage (input normalisation) reads only the input, which keeps every
  // channel: its cost is the same before and after compaction, so leaving it out steers nothing wrong.
  const firstStage = chainStages.length === 0 ? order.length : order.indexOf(chainStages[0].layer);
  const fixedInputSide = (layer: tfl.layers.Layer) => !layer.trainable && order.indexOf(layer) < firstStage;
  const layer = order.find((candidate) => kernelLayers.has(candidate) && !stages.has(candidate) && !fixedInputSide(candidate));
  if (layer === undefined) return undefined;
  return { layer: layer.name, reason: stageProblem(layer) ?? `layer ${layer.name} is not a stage of the chain` };
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** The compacted cost with one unit left in every layer whose units can go, and nothing else removed. */
export function smallestCost(model: tfl.LayersModel): CompactedCost {
  const analysis = analyseDeadUnits(model);
  const { chain, weights } = analysis;
  const removable = new Set(unitCouplings(model).map((coupling) => coupling.producer));
  const decisions: StageDecision[] = [];
  chain.stages.forEach((stage, i) => {
    const w = weights[i];
    const linked = i > 0 && chain.links[i - 1] !== undefined;
    decisions.push({
      keepIn: linked ? decisions[i - 1].keepOut : range(w.channels),
      keepOut: removable.has(stage.layer) ? [0] : range(w.cols),
      bias: w.bias,
      useBias: w.hasBias,
      removedNoOutgoing: 0,
      removedConstant: 0,
      keptNotFoldable: 0,
    });
  });
  return costOfDecisions(model, { ...analysis, decisions });
}
