// A model as a flat list of operations on tensors, whatever way it was built: Sequential, functional, or
// with models nested inside it as layers. A nested model is inlined: its own layers become operations of
// the outer graph, reading the tensors the outer model feeds it. Each call of a nested model is inlined
// on its own, so a model applied twice gives two sets of operations that share the same layers (and so
// the same weights), as a shared layer applied twice does.
// The walk goes back from the model's outputs, so only what the outputs depend on is in the graph.
import * as tfl from '@tensorflow/tfjs-layers';

export interface GraphTensor {
  /** Unique within the graph: the symbolic tensor's id, under the call path of the models it is inside. */
  key: string;
  /** Without the batch axis. */
  shape: number[];
}

export interface GraphOp {
  layer: tfl.layers.Layer;
  inputs: GraphTensor[];
  outputs: GraphTensor[];
}

/** A call of a model nested inside the graph's model, and the tensors fed to it. */
export interface NestedCall {
  model: tfl.LayersModel;
  inputs: GraphTensor[];
}

export interface ModelGraph {
  /** In an order where every op comes after the ops whose outputs it reads. */
  ops: GraphOp[];
  inputs: GraphTensor[];
  outputs: GraphTensor[];
  nested: NestedCall[];
}

interface Built {
  ops: GraphOp[];
  nested: NestedCall[];
}

function graphTensor(tensor: tfl.SymbolicTensor, scope: string): GraphTensor {
  // A dimension unknown before the batch is fed (null) cannot be followed; -1 marks it.
  return { key: `${scope}${tensor.id}`, shape: tensor.shape.slice(1).map((d) => d ?? -1) };
}

/**
 * Appends the ops of `model` to `ops`, with its inputs bound to `bound` (the outer tensors fed to it) or
 * to tensors of its own at the top level, and returns its outputs.
 */
function inline(model: tfl.LayersModel, scope: string, bound: GraphTensor[] | null, built: Built): GraphTensor[] {
  const known = new Map<number, GraphTensor>();
  model.inputs.forEach((tensor, i) => known.set(tensor.id, bound?.[i] ?? graphTensor(tensor, scope)));
  const resolve = (tensor: tfl.SymbolicTensor): GraphTensor => {
    const hit = known.get(tensor.id);
    if (hit !== undefined) return hit;
    const layer = tensor.sourceLayer;
    const node = layer.inboundNodes[tensor.nodeIndex];
    const inputs = node.inputTensors.map(resolve);
    let outputs: GraphTensor[];
    if (layer instanceof tfl.LayersModel) {
      built.nested.push({ model: layer, inputs });
      outputs = inline(layer, `${scope}${layer.name}#${tensor.nodeIndex}/`, inputs, built);
    } else {
      outputs = node.outputTensors.map((out) => graphTensor(out, scope));
      built.ops.push({ layer, inputs, outputs });
    }
    node.outputTensors.forEach((out, i) => known.set(out.id, outputs[i]));
    const result = known.get(tensor.id);
    if (result === undefined) throw new Error(`layer ${layer.name} did not produce tensor ${tensor.name}`);
    return result;
  };
  return model.outputs.map(resolve);
}

export function modelGraph(model: tfl.LayersModel): ModelGraph {
  const built: Built = { ops: [], nested: [] };
  const inputs = model.inputs.map((tensor) => graphTensor(tensor, ''));
  const outputs = inline(model, '', inputs, built);
  return { ...built, inputs, outputs };
}
