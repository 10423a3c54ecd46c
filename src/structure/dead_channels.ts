// Which channel sets of the coupling graph compaction removes (the rules of docs/cges-algorithm.md, on
// sets of coupled channels instead of a chain's units):
// - nobody reads it: every kernel layer that reads the set (its input rows over its live outputs; for a
//   SeparableConv2D, its depthwise slice or its pointwise rows) has only zeros there;
// - it is constant: every kernel layer that makes it has a zero column over its live inputs, so the set
//   holds act(bias) carried through BatchNorm, activations, joins and the like. Those layers are run on
//   the constant to get its value after each; a padded convolution or pooling that makes it vary over
//   space leaves it in place. A constant of zero removes cleanly; any other is folded into the biases of
//   the layers that read it, bias[v] += sum over the set's rows of k * W[row, v], where that is exact
//   (Dense, and convolutions with no padding), else the set stays.
// Removing a set can leave others unread or constant, so the rules run to a fixed point. No tensor loses
// its last channel.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { CoupledOp, CouplingGraph } from './coupling_graph.js';
import { slicerFor } from './layer_slicers.js';
import { applyActivation } from './pass_through.js';
import type { AxisRole } from './weight_axes.js';
import { allZero, readLayerWeights, type WeightValues } from './weight_values.js';

export type RemovalReason = 'unread' | 'constant';

export interface ChannelDecision {
  /** The sets compaction removes (indices in graph.sets), each with the rule that removed it. */
  removed: Map<number, RemovalReason>;
  /** Every kernel layer's bias with the constants folded into it (float64), for layers that gained any. */
  biases: Map<tfl.layers.Layer, Float64Array>;
  /** Constant sets that stay because folding them would not be exact. */
  notFoldable: Set<number>;
}

/** A kernel layer's use of one set: the features of its input it reads, or the channels it makes. */
interface SetUse {
  coupled: CoupledOp;
  features: Set<number>;
}

interface SetUses {
  readers: SetUse[];
  makers: SetUse[];
}

const isKernel = (coupled: CoupledOp): boolean => coupled.rule.kind === 'kernel';

/** For each set, the kernel layers that read it and those that make it. */
function setUses(graph: CouplingGraph): SetUses[] {
  const uses = graph.sets.map((): SetUses => ({ readers: [], makers: [] }));
  const add = (list: 'readers' | 'makers', coupled: CoupledOp, key: string) => {
    const layout = graph.layouts.get(key);
    const sets = graph.setOf.get(key);
    if (layout === undefined || sets === undefined) return;
    const bySet = new Map<number, Set<number>>();
    layout.featureChannel.forEach((channel, f) => {
      const features = bySet.get(sets[channel]) ?? new Set<number>();
      bySet.set(sets[channel], features.add(f));
    });
    for (const [set, features] of bySet) uses[set][list].push({ coupled, features });
  };
  for (const coupled of graph.ops.filter(isKernel)) {
    add('readers', coupled, coupled.op.inputs[0].key);
    add('makers', coupled, coupled.op.outputs[0].key);
  }
  return uses;
}

class Liveness {
  readonly removed = new Set<number>();
  private readonly liveCount = new Map<string, number>();

  constructor(private readonly graph: CouplingGraph) {
    for (const [key, layout] of graph.layouts) this.liveCount.set(key, layout.channels);
  }

  /** The features of tensor `key` whose set is still there. */
  liveFeatures(key: string): Set<number> {
    const layout = this.graph.layouts.get(key);
    const sets = this.graph.setOf.get(key);
    const live = new Set<number>();
    layout?.featureChannel.forEach((channel, f) => {
      if (sets !== undefined && !this.removed.has(sets[channel])) live.add(f);
    });
    return live;
  }

  /** Whether removing `set` leaves every tensor it runs through at least one channel. */
  canRemove(set: number): boolean {
    const perTensor = new Map<string, number>();
    for (const { tensor } of this.graph.sets[set].channels) perTensor.set(tensor.key, (perTensor.get(tensor.key) ?? 0) + 1);
    return [...perTensor].every(([key, count]) => (this.liveCount.get(key) ?? 0) > count);
  }

  remove(set: number): void {
    this.removed.add(set);
    for (const { tensor } of this.graph.sets[set].channels) {
      this.liveCount.set(tensor.key, (this.liveCount.get(tensor.key) ?? 0) - 1);
    }
  }
}

/** The per-axis index sets of a weight slice: `roles` on their axes, everything on the others. */
function slice(weight: WeightValues, roles: Partial<Record<AxisRole, Set<number>>>) {
  return weight.shape.map((_, a) => {
    const role = weight.axes[a];
    return role === null || role === undefined ? null : roles[role] ?? null;
  });
}

function expanded(features: Set<number>, multiplier: number): Set<number> {
  return new Set([...features].flatMap((f) => Array.from({ length: multiplier }, (_, j) => f * multiplier + j)));
}

export function decideChannels(graph: CouplingGraph): ChannelDecision {
  const uses = setUses(graph);
  const live = new Liveness(graph);
  const weights = new Map<tfl.layers.Layer, Map<string, WeightValues>>();
  const weightsOf = (layer: tfl.layers.Layer) => {
    let found = weights.get(layer);
    if (found === undefined) {
      found = readLayerWeights(layer);
      weights.set(layer, found);
    }
    return found;
  };
  const biases = new Map<tfl.layers.Layer, Float64Array>();
  const biasOf = (coupled: CoupledOp): Float64Array => {
    const { layer } = coupled.op;
    let bias = biases.get(layer);
    if (bias === undefined) {
      const stored = weightsOf(layer).get('bias');
      bias = stored === undefined ? new Float64Array(graph.layouts.get(coupled.op.outputs[0].key)?.channels ?? 0)
        : Float64Array.from(stored.values);
      biases.set(layer, bias);
    }
    return bias;
  };
  const folded = new Set<tfl.layers.Layer>();
  const multiplierOf = (layer: tfl.layers.Layer) => weightsOf(layer).get('depthwise_kernel')?.shape[3] ?? 1;

  /** Whether a kernel layer reads nothing of the features `use.features` over its live outputs. */
  const readsNothing = ({ coupled, features }: SetUse): boolean => {
    const { layer } = coupled.op;
    const out = live.liveFeatures(coupled.op.outputs[0].key);
    const roles = { in: features, inExpanded: expanded(features, multiplierOf(layer)), out };
    return [...weightsOf(layer).values()].some((w) => w.name !== 'bias' && axesHaveIn(w) && allZero(w, slice(w, roles)));
  };
  /** Whether a kernel layer makes the channels `use.features` from nothing (zero columns over live inputs). */
  const makesConstant = ({ coupled, features }: SetUse): boolean => {
    const { layer } = coupled.op;
    const inFeatures = live.liveFeatures(coupled.op.inputs[0].key);
    const roles = { in: inFeatures, inExpanded: expanded(inFeatures, multiplierOf(layer)), out: features };
    return [...weightsOf(layer).values()].some((w) => w.name !== 'bias' && axesHaveOut(w) && allZero(w, slice(w, roles)));
  };

  const reasons = new Map<number, RemovalReason>();
  const tryRemove = (set: number): RemovalReason | undefined => {
    if (graph.sets[set].pin !== undefined || !live.canRemove(set)) return undefined;
    const { readers, makers } = uses[set];
    if (readers.every(readsNothing)) return 'unread';
    if (makers.length === 0 || !makers.every(makesConstant)) return undefined;
    const constants = constantsOf(graph, set, biasOf);
    if (constants === undefined) return undefined;
    const folds = readers.map((use) => foldOf(use, constants, weightsOf(use.coupled.op.layer)));
    if (folds.some((fold) => fold === undefined)) return undefined;
    readers.forEach((use, i) => {
      const fold = folds[i];
      if (fold === undefined || fold.every((v) => v === 0)) return;
      const bias = biasOf(use.coupled);
      fold.forEach((v, j) => { bias[j] += v; });
      folded.add(use.coupled.op.layer);
    });
    return 'constant';
  };
  for (let changed = true; changed;) {
    changed = false;
    for (let set = 0; set < graph.sets.length; set++) {
      if (live.removed.has(set)) continue;
      const reason = tryRemove(set);
      if (reason === undefined) continue;
      reasons.set(set, reason);
      live.remove(set);
      changed = true;
    }
  }
  const notFoldable = new Set(graph.sets.flatMap((set, i) => (!live.removed.has(i) && set.pin === undefined &&
    uses[i].makers.length > 0 && uses[i].makers.every(makesConstant) ? [i] : [])));
  return { removed: reasons, biases: new Map([...biases].filter(([layer]) => folded.has(layer))), notFoldable };
}

function axesHaveIn(weight: WeightValues): boolean {
  return weight.axes.some((role) => role === 'in' || role === 'inExpanded');
}

function axesHaveOut(weight: WeightValues): boolean {
  return weight.axes.includes('out');
}

/** Constants of the set per tensor key and channel, or undefined when some layer makes it vary. */
type Constants = Map<string, Map<number, number>>;

function constantsOf(graph: CouplingGraph, set: number, biasOf: (coupled: CoupledOp) => Float64Array): Constants | undefined {
  const constants: Constants = new Map();
  const inSet = (key: string) => {
    const layout = graph.layouts.get(key);
    const sets = graph.setOf.get(key);
    if (layout === undefined || sets === undefined) return [];
    return Array.from({ length: layout.channels }, (_, c) => c).filter((c) => sets[c] === set);
  };
  for (const coupled of graph.ops) {
    const { op } = coupled;
    const out = op.outputs[0];
    const channels = inSet(out.key);
    if (channels.length === 0) continue;
    if (isKernel(coupled)) {
      const bias = biasOf(coupled);
      const activation = op.layer.getConfig().activation;
      constants.set(out.key, new Map(channels.map((c) => [c, applyActivation(activation, Math.fround(bias[c]))])));
      continue;
    }
    const values = runOnConstants(graph, coupled, constants, inSet);
    if (values === undefined) return undefined;
    constants.set(out.key, values);
  }
  return constants;
}

/** Runs a parameter-free or per-channel layer on inputs holding the set's constants (zeros elsewhere). */
function runOnConstants(
  graph: CouplingGraph, coupled: CoupledOp, constants: Constants, inSet: (key: string) => number[],
): Map<number, number> | undefined {
  const { op } = coupled;
  if (op.inputs.some((t) => t.shape.some((d) => d < 0))) return undefined;
  const result = tf.tidy(() => {
    const inputs = op.inputs.map((tensor) => {
      const layout = graph.layouts.get(tensor.key);
      const known = constants.get(tensor.key) ?? new Map<number, number>();
      const values = new Float32Array(tensor.shape.reduce((a, b) => a * b, 1));
      const length = layout?.featureChannel.length ?? 1;
      for (let e = 0; e < values.length; e++) values[e] = known.get(layout?.featureChannel[e % length] ?? -1) ?? 0;
      return tf.tensor(values, [1, ...tensor.shape]);
    });
    const applied = op.layer.apply(inputs.length === 1 ? inputs[0] : inputs, { training: false });
    if (!(applied instanceof tf.Tensor)) throw new Error(`layer ${op.layer.name} did not return one tensor`);
    return applied;
  });
  const out = result.dataSync();
  result.dispose();
  const layout = graph.layouts.get(op.outputs[0].key);
  if (layout === undefined) return undefined;
  const values = new Map<number, number>();
  const length = layout.featureChannel.length;
  for (const channel of inSet(op.outputs[0].key)) {
    let value: number | undefined;
    for (let e = 0; e < out.length; e++) {
      if (layout.featureChannel[e % length] !== channel) continue;
      if (value === undefined) value = out[e];
      else if (out[e] !== value) return undefined;
    }
    values.set(channel, value ?? 0);
  }
  return values;
}

/**
 * What a reader's bias gains when the set's constants stop reaching it: per output column, the sum over
 * the set's rows of constant times weight. Undefined when that is not exact for this layer (a padded
 * convolution, or any non-zero constant through a depthwise step).
 */
function foldOf(use: SetUse, constants: Constants, weights: Map<string, WeightValues>): Float64Array | undefined {
  const { op } = use.coupled;
  const input = op.inputs[0];
  const known = constants.get(input.key);
  const kernel = weights.get('kernel') ?? weights.get('pointwise_kernel');
  if (known === undefined || kernel === undefined) return undefined;
  const cols = kernel.shape[kernel.shape.length - 1];
  const fold = new Float64Array(cols);
  const constantOfFeature = (f: number, featureChannel: Int32Array) => known.get(featureChannel[f]) ?? 0;
  const layout = use.coupled.inputs[0];
  const allZeroConstants = [...use.features].every((f) => constantOfFeature(f, layout.featureChannel) === 0);
  if (allZeroConstants) return fold;
  const className = op.layer.getClassName();
  const exact = className === 'Dense' ||
    (className === 'Conv2D' && (slicerFor('Conv2D')?.foldsConstantExactly(op.layer) ?? false)) ||
    (className === 'Conv1D' && op.layer.getConfig().padding === 'valid');
  if (!exact) return undefined;
  // Kernel [..., in, out]: entry i has input feature floor(i / cols) mod in and output column i mod cols.
  const inSize = kernel.shape[kernel.shape.length - 2];
  kernel.values.forEach((w, i) => {
    const f = Math.floor(i / cols) % inSize;
    if (w !== 0 && use.features.has(f)) fold[i % cols] += constantOfFeature(f, layout.featureChannel) * w;
  });
  return fold;
}
