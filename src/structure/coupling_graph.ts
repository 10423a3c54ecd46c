// Which channels of a model are one channel: the coupling graph. Every channel of every tensor is a
// node; each op's rule (channel_rules.ts) joins the channels it carries through unchanged, so a channel
// made by a convolution, normalised by a BatchNormalization, added into a residual stream and read by
// three later convolutions is one set. Removing a channel means removing the whole set: every producer's
// filter, every per-channel parameter, every consumer's input rows. This is the model-wide form of
// Torch-Pruning's dependency graph, at the granularity of single channels so that concatenations (which
// offset channels) and depthwise multipliers (which fan one channel out) need no special cases.
// A set that touches the model's inputs or outputs, or an op no rule follows, is pinned: it stays.
import type * as tfl from '@tensorflow/tfjs-layers';
import { identityLayout, type ChannelLayout } from './channel_layout.js';
import { channelRule, type ChannelRule } from './channel_rules.js';
import { modelGraph, type GraphOp, type GraphTensor, type ModelGraph } from './model_graph.js';

export interface ChannelRef {
  tensor: GraphTensor;
  channel: number;
}

export interface Pin {
  layer: string;
  reason: string;
}

export interface ChannelSet {
  channels: ChannelRef[];
  /** Why this set must stay whole, or undefined when compaction may remove it. */
  pin: Pin | undefined;
}

export interface CoupledOp {
  op: GraphOp;
  rule: ChannelRule;
  /** The layouts of the op's inputs. */
  inputs: ChannelLayout[];
}

/** A layer no rule follows (or whose configuration mixes channels), and the channels kept because of it. */
export interface CouplingNote {
  layer: string;
  reason: string;
  /** The kernel layers whose output channels all stay because of it, with how many each: "conv2 (16)". */
  keeps: string[];
}

export interface CouplingGraph {
  graph: ModelGraph;
  ops: CoupledOp[];
  layouts: Map<string, ChannelLayout>;
  sets: ChannelSet[];
  /** For each tensor key, the index in `sets` of each of its channels. */
  setOf: Map<string, Int32Array>;
  notes: CouplingNote[];
}

/** Disjoint sets over channel slots, with path halving. */
class UnionFind {
  private readonly parent: number[] = [];

  add(count: number): number {
    const first = this.parent.length;
    for (let i = 0; i < count; i++) this.parent.push(first + i);
    return first;
  }

  find(slot: number): number {
    let s = slot;
    while (this.parent[s] !== s) {
      this.parent[s] = this.parent[this.parent[s]];
      s = this.parent[s];
    }
    return s;
  }

  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[Math.max(ra, rb)] = Math.min(ra, rb);
  }

  get size(): number {
    return this.parent.length;
  }
}

const lastDim = (shape: number[]): number => Math.max(shape[shape.length - 1] ?? 1, 0);

export function couplingGraph(model: tfl.LayersModel): CouplingGraph {
  const graph = modelGraph(model);
  const slots = new UnionFind();
  const layouts = new Map<string, ChannelLayout>();
  const firstSlot = new Map<string, number>();
  const tensors = new Map<string, GraphTensor>();
  const pins = new Map<number, Pin>();
  const pinTensor = (tensor: GraphTensor, pin: Pin) => {
    const first = firstSlot.get(tensor.key) ?? 0;
    const channels = layouts.get(tensor.key)?.channels ?? 0;
    for (let c = 0; c < channels; c++) if (!pins.has(first + c)) pins.set(first + c, pin);
  };
  const place = (tensor: GraphTensor, layout: ChannelLayout) => {
    if (layouts.has(tensor.key)) return;
    layouts.set(tensor.key, layout);
    tensors.set(tensor.key, tensor);
    firstSlot.set(tensor.key, slots.add(layout.channels));
  };

  graph.inputs.forEach((tensor) => place(tensor, identityLayout(lastDim(tensor.shape))));
  const slotOf = (tensor: GraphTensor, channel: number) => (firstSlot.get(tensor.key) ?? 0) + channel;
  // A layer with weights applied more than once uses the same filter for output channel c and the same
  // kernel rows or parameters for input channel c in every call: across calls they are one channel.
  const firstCall = new Map<tfl.layers.Layer, GraphOp>();
  const joinCalls = (op: GraphOp) => {
    const first = firstCall.get(op.layer);
    if (first === undefined) {
      if (op.layer.weights.length > 0) firstCall.set(op.layer, op);
      return;
    }
    const pairs = [...first.inputs.map((t, i) => [t, op.inputs[i]]), ...first.outputs.map((t, i) => [t, op.outputs[i]])];
    for (const [a, b] of pairs) {
      const channels = Math.min(layouts.get(a.key)?.channels ?? 0, layouts.get(b.key)?.channels ?? 0);
      for (let c = 0; c < channels; c++) slots.union(slotOf(a, c), slotOf(b, c));
    }
  };
  const ops = graph.ops.map((op): CoupledOp => {
    const inputs = op.inputs.map((tensor) => {
      const layout = layouts.get(tensor.key);
      if (layout === undefined) throw new Error(`tensor ${tensor.key} is read before it is made`);
      return layout;
    });
    const rule = channelRule(op, inputs);
    op.outputs.forEach((tensor, i) => place(tensor, rule.outputs[i]));
    joinCalls(op);
    for (const link of rule.links) {
      slots.union(slotOf(op.inputs[link.input], link.inChannel), slotOf(op.outputs[link.output], link.outChannel));
    }
    const pin = (reason: string) => ({ layer: op.layer.name, reason });
    if (rule.pinAll !== undefined) [...op.inputs, ...op.outputs].forEach((t) => pinTensor(t, pin(rule.pinAll ?? '')));
    if (rule.pinOutputs !== undefined) op.outputs.forEach((t) => pinTensor(t, pin(rule.pinOutputs ?? '')));
    return { op, rule, inputs };
  });
  graph.inputs.forEach((tensor) => pinTensor(tensor, { layer: 'input', reason: 'the model\'s input' }));
  graph.outputs.forEach((tensor) => pinTensor(tensor, { layer: 'output', reason: 'the model\'s output' }));

  // Number the sets by their smallest slot, so the order follows the graph.
  const setIndexOfRoot = new Map<number, number>();
  const sets: ChannelSet[] = [];
  const setOf = new Map<string, Int32Array>();
  for (const [key, layout] of layouts) {
    const first = firstSlot.get(key) ?? 0;
    const tensor = tensors.get(key);
    if (tensor === undefined) continue;
    const indices = new Int32Array(layout.channels);
    for (let c = 0; c < layout.channels; c++) {
      const root = slots.find(first + c);
      let index = setIndexOfRoot.get(root);
      if (index === undefined) {
        index = sets.length;
        setIndexOfRoot.set(root, index);
        sets.push({ channels: [], pin: undefined });
      }
      sets[index].channels.push({ tensor, channel: c });
      const pin = pins.get(first + c);
      if (pin !== undefined && sets[index].pin === undefined) sets[index].pin = pin;
      indices[c] = index;
    }
    setOf.set(key, indices);
  }
  return { graph, ops, layouts, sets, setOf, notes: notesOf(ops, sets, setOf) };
}

/** One note per layer that pins channels, naming the kernel layers whose outputs stay because of it. */
function notesOf(ops: CoupledOp[], sets: ChannelSet[], setOf: Map<string, Int32Array>): CouplingNote[] {
  const notes = new Map<string, CouplingNote>();
  for (const { op, rule } of ops) {
    const reason = rule.pinAll ?? rule.pinOutputs;
    if (reason !== undefined && !notes.has(op.layer.name)) notes.set(op.layer.name, { layer: op.layer.name, reason, keeps: [] });
  }
  for (const { op, rule } of ops) {
    if (rule.kind !== 'kernel' && rule.kind !== 'depthwise') continue;
    const kept = new Map<string, number>();
    for (const index of setOf.get(op.outputs[0].key) ?? []) {
      const pin = sets[index].pin;
      if (pin !== undefined && notes.has(pin.layer)) kept.set(pin.layer, (kept.get(pin.layer) ?? 0) + 1);
    }
    for (const [layer, count] of kept) notes.get(layer)?.keeps.push(`${op.layer.name} (${count})`);
  }
  return [...notes.values()];
}
