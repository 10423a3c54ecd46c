// Small hand-built models and zero patterns for the compaction tests (not a test file itself).
// Kernels are viewed as [rows, cols] with rows = positions * channels, channel fastest (TF.js layout).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';

await tf.setBackend('cpu');

/** Deterministic values in [-1, 1) from a small linear congruential generator. */
export function seededValues(count: number, seed: number): Float32Array {
  const out = new Float32Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

/** Fills every Dense/Conv2D layer with seeded kernels and biases. */
export function randomizeWeights(model: tfl.LayersModel, seed = 7): void {
  model.layers.forEach((layer, k) => {
    if (layer.weights.length === 0) return;
    const values = layer.weights.map((w, j) => {
      const data = seededValues(w.read().size, seed + 31 * k + j);
      // A batch norm's variance must be positive.
      if (w.originalName.endsWith('moving_variance')) data.forEach((v, i) => { data[i] = Math.abs(v) + 0.5; });
      return tf.tensor(data, w.shape.map((d) => d ?? 0));
    });
    layer.setWeights(values);
    tf.dispose(values);
  });
}

/**
 * conv1 3x3 SAME relu -> 2x2 max-pool -> conv2 3x3 VALID relu -> flatten -> [fc relu] -> logits (2), with
 * seeded weights: filters reach a dense layer through pooling and a second conv.
 */
export function convPoolConvNet(inputShape: number[], filters: [number, number], fcUnits?: number): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.conv2d({
    name: 'conv1', inputShape, filters: filters[0], kernelSize: 3, padding: 'same', activation: 'relu',
  }));
  model.add(tfl.layers.maxPooling2d({ name: 'pool', poolSize: 2 }));
  model.add(tfl.layers.conv2d({ name: 'conv2', filters: filters[1], kernelSize: 3, padding: 'valid', activation: 'relu' }));
  model.add(tfl.layers.flatten({ name: 'flatten' }));
  if (fcUnits !== undefined) model.add(tfl.layers.dense({ name: 'fc', units: fcUnits, activation: 'relu' }));
  model.add(tfl.layers.dense({ name: 'logits', units: 2 }));
  randomizeWeights(model);
  return model;
}

/** Edits one layer's kernel (and optionally its bias) in place through its matrix view. */
export function editLayer(
  model: tfl.LayersModel, name: string,
  edit: (kernel: Float32Array, bias: Float32Array | undefined) => void,
): void {
  const layer = model.getLayer(name);
  const values = layer.getWeights().map((w) => w.dataSync<'float32'>().slice());
  edit(values[0], values[1]);
  const tensors = values.map((v, j) => tf.tensor(v, layer.weights[j].shape.map((d) => d ?? 0)));
  layer.setWeights(tensors);
  tf.dispose(tensors);
}

/** Zeroes column u (all weights into output unit u) of a [rows, cols] kernel. */
export function zeroColumn(kernel: Float32Array, cols: number, u: number): void {
  for (let i = u; i < kernel.length; i += cols) kernel[i] = 0;
}

/** Zeroes every row p*channels + c (all weights out of input channel c) of a [rows, cols] kernel. */
export function zeroChannel(kernel: Float32Array, cols: number, channels: number, c: number): void {
  const rows = kernel.length / cols;
  for (let row = c; row < rows; row += channels) kernel.fill(0, row * cols, (row + 1) * cols);
}

export function predictOne(model: tfl.LayersModel, x: tf.Tensor): tf.Tensor {
  const y = model.predict(x);
  if (Array.isArray(y)) throw new Error('expected one output');
  return y;
}

/** max |a(x) - b(x)| computed independently of the compaction code. */
export function maxOutputDiff(a: tfl.LayersModel, b: tfl.LayersModel, x: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(predictOne(a, x), predictOne(b, x)))).dataSync()[0]);
}

/** The one symbolic tensor a layer applied to symbolic inputs returns. */
export function symbolic(output: ReturnType<tfl.layers.Layer['apply']>): tfl.SymbolicTensor {
  if (!(output instanceof tfl.SymbolicTensor)) throw new Error('expected one symbolic tensor');
  return output;
}

export function uniformInputs(shape: number[], seed = 3): tf.Tensor {
  return tf.tensor(seededValues(shape.reduce((a, b) => a * b, 1), seed), shape);
}

/** The kernel ([rows, cols] values) and bias of a layer, read back. */
export function layerWeights(
  model: tfl.LayersModel, name: string,
): { kernel: Float32Array; bias: Float32Array; shape: number[] } {
  const [kernel, bias] = model.getLayer(name).getWeights();
  const read = (t: tf.Tensor) => t.dataSync<'float32'>().slice();
  return { kernel: read(kernel), bias: read(bias), shape: kernel.shape };
}

/** Saves through an in-memory handler and loads back with plain tfl.loadLayersModel (no cges code). */
export async function reloadWithPlainTfjs(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  if (saved === undefined) throw new Error('the model saved no artifacts');
  return tfl.loadLayersModel(tf.io.fromMemory(saved));
}

type Sym = tfl.SymbolicTensor;
const apply = (layer: tfl.layers.Layer, input: Sym | Sym[]): Sym => layer.apply(input) as Sym;

/**
 * conv-BN-ReLU6 stem, a residual conv, a depthwise conv (multiplier 2), a separable conv, the separable
 * conv's output concatenated with the residual stream, global pooling and a dense head.
 */
export function mixedNet(stream: number, separable: number): tfl.LayersModel {
  const x = tfl.input({ shape: [6, 6, 2] });
  const stem = apply(tfl.layers.conv2d({ name: 'stem', filters: stream, kernelSize: 3, padding: 'same' }), x);
  const relu = apply(tfl.layers.reLU({ name: 'relu', maxValue: 6 }), apply(tfl.layers.batchNormalization({ name: 'bn' }), stem));
  const branch = apply(tfl.layers.conv2d({ name: 'b1', filters: stream, kernelSize: 3, padding: 'same' }), relu);
  const residual = apply(tfl.layers.add({ name: 'add' }), [relu, branch]);
  const dw = apply(tfl.layers.depthwiseConv2d({ name: 'dw', kernelSize: 3, depthMultiplier: 2, padding: 'same' }), residual);
  const sep = apply(tfl.layers.separableConv2d({ name: 'sep', filters: separable, kernelSize: 3, padding: 'same', depthMultiplier: 2 }), dw);
  const joined = apply(tfl.layers.concatenate({ name: 'cat' }), [sep, residual]);
  const head = apply(tfl.layers.dense({ name: 'head', units: 3 }), apply(tfl.layers.globalAveragePooling2d({ name: 'gap' }), joined));
  return tfl.model({ inputs: x, outputs: head });
}

/**
 * mixedNet(4, 5)'s zero pattern: residual channel 1 read by nobody (not by b1, nor by sep through dw's
 * outputs 2 and 3, nor by the head through the concatenation's feature 5 + 1), and sep's filter 0 made
 * from nothing (its bias, through the pooling, a constant for the head).
 */
export function zeroMixedNet(model: tfl.LayersModel): void {
  editWeight(model, 'b1', 'kernel', (k) => zeroChannel(k, 4, 4, 1));
  editWeight(model, 'sep', 'depthwise_kernel', (k) => [2, 3].forEach((c) => zeroChannel(k, 2, 8, c)));
  editWeight(model, 'head', 'kernel', (k) => zeroChannel(k, 3, 9, 6));
  editWeight(model, 'sep', 'pointwise_kernel', (k) => zeroColumn(k, 5, 0));
}

/**
 * conv1 3x3 valid (3, no bias) on [8, 8, 2] -> [6, 6, 3]; conv2 2x2 stride 2 (4) -> [3, 3, 4]; flatten (36);
 * fc (5); out (2). Linear, so a silenced unit outputs exactly 0 and every live weight reaches the output.
 */
export function convChain(): tfl.LayersModel {
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ name: 'conv1', inputShape: [8, 8, 2], filters: 3, kernelSize: 3, useBias: false }),
      tfl.layers.conv2d({ name: 'conv2', filters: 4, kernelSize: 2, strides: 2 }),
      tfl.layers.flatten({ name: 'flatten' }),
      tfl.layers.dense({ name: 'fc', units: 5 }),
      tfl.layers.dense({ name: 'out', units: 2 }),
    ],
  });
  randomizeWeights(model, 3);
  return model;
}

/** Edits one weight of a layer, by its short name ("kernel", "pointwise_kernel", "bias", ...). */
export function editWeight(model: tfl.LayersModel, layerName: string, weight: string, edit: (values: Float32Array) => void): void {
  const layer = model.getLayer(layerName);
  const values = layer.weights.map((w) => {
    const data = w.read().dataSync<'float32'>().slice();
    if (w.originalName.endsWith(`/${weight}`)) edit(data);
    return tf.tensor(data, w.shape.map((d) => d ?? 0));
  });
  layer.setWeights(values);
  tf.dispose(values);
}

/** Zeroes every entry of `values` (row-major, `shape`) whose index on `axis` is `index`. */
export function zeroIndexAlong(values: Float32Array, shape: number[], axis: number, index: number): void {
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  values.forEach((_, i) => {
    if (Math.floor(i / inner) % shape[axis] === index) values[i] = 0;
  });
}

/** Zeroes every entry of weight `weight` of layer `layerName` whose index on `axis` is `index`. */
export function zeroAlong(model: tfl.LayersModel, layerName: string, weight: string, axis: number, index: number): void {
  const layer = model.getLayer(layerName);
  const shape = layer.weights.find((w) => w.originalName.endsWith(`/${weight}`))?.shape.map((d) => d ?? 0);
  if (shape === undefined) throw new Error(`layer ${layerName} has no weight ${weight}`);
  editWeight(model, layerName, weight, (values) => zeroIndexAlong(values, shape, axis, index));
}

/**
 * Two residual blocks on one stream of 4 channels, with seeded weights: stem conv 3x3 SAME (stride
 * `stride`) - BN - ReLU; block 1: a1 conv 3x3 SAME (3) - BN - ReLU - b1 conv 1x1 (4) - BN, added to the
 * stream (add1) and ReLU'd; block 2: dw2 depthwise 3x3 SAME - BN - ReLU - b2 conv 1x1 (4) - BN, added
 * (add2) and ReLU'd; global average pooling; dense head (3).
 */
export function residualNet(inputShape: number[], stride = 1, seed = 7): tfl.LayersModel {
  const x = tfl.input({ shape: inputShape });
  const bn = (name: string, t: Sym) => apply(tfl.layers.batchNormalization({ name }), t);
  const relu = (name: string, t: Sym) => apply(tfl.layers.reLU({ name }), t);
  const conv = (name: string, filters: number, kernelSize: number, t: Sym, strides = 1) =>
    apply(tfl.layers.conv2d({ name, filters, kernelSize, strides, padding: 'same' }), t);
  const stem = relu('stem_relu', bn('stem_bn', conv('stem', 4, 3, x, stride)));
  const b1 = bn('b1_bn', conv('b1', 4, 1, relu('a1_relu', bn('a1_bn', conv('a1', 3, 3, stem)))));
  const s1 = relu('relu1', apply(tfl.layers.add({ name: 'add1' }), [stem, b1]));
  const dw2 = apply(tfl.layers.depthwiseConv2d({ name: 'dw2', kernelSize: 3, padding: 'same' }), s1);
  const b2 = bn('b2_bn', conv('b2', 4, 1, relu('dw2_relu', bn('dw2_bn', dw2))));
  const s2 = relu('relu2', apply(tfl.layers.add({ name: 'add2' }), [s1, b2]));
  const head = apply(tfl.layers.dense({ name: 'head', units: 3 }), apply(tfl.layers.globalAveragePooling2d({ name: 'gap' }), s2));
  const model = tfl.model({ inputs: x, outputs: head });
  randomizeWeights(model, seed);
  return model;
}

/**
 * Zeroes, as a mask leaves them, stream channel `c` of residualNet everywhere it runs (every producer's
 * filter and bias, every BatchNorm's scale and shift, the depthwise slice, every reader's rows) and a1's
 * channel `inner` (its filter, its BatchNorm's, b1's rows).
 */
export function maskResidualNet(model: tfl.LayersModel, c: number, inner: number): void {
  for (const name of ['stem', 'b1', 'b2']) {
    zeroAlong(model, name, 'kernel', 3, c);
    zeroAlong(model, name, 'bias', 0, c);
  }
  for (const name of ['stem_bn', 'b1_bn', 'dw2_bn', 'b2_bn']) ['gamma', 'beta'].forEach((w) => zeroAlong(model, name, w, 0, c));
  zeroAlong(model, 'dw2', 'depthwise_kernel', 2, c);
  zeroAlong(model, 'dw2', 'bias', 0, c);
  zeroAlong(model, 'a1', 'kernel', 2, c);
  zeroAlong(model, 'b2', 'kernel', 2, c);
  zeroAlong(model, 'head', 'kernel', 0, c);
  zeroAlong(model, 'a1', 'kernel', 3, inner);
  zeroAlong(model, 'a1', 'bias', 0, inner);
  ['gamma', 'beta'].forEach((w) => zeroAlong(model, 'a1_bn', w, 0, inner));
  zeroAlong(model, 'b1', 'kernel', 2, inner);
}

/**
 * Which indices, on which axes, compaction keeps of each weight of residualNet once maskResidualNet(c,
 * inner) removed stream channel c and a1's channel `inner`: the reference the slicing is checked against.
 */
export function residualNetKept(c: number, inner: number): Record<string, [number[], number][]> {
  const stream = [0, 1, 2, 3].filter((i) => i !== c);
  const a1 = [0, 1, 2].filter((i) => i !== inner);
  const bn = (name: string, kept: number[]) =>
    Object.fromEntries(['gamma', 'beta', 'moving_mean', 'moving_variance'].map((w) => [`${name}/${w}`, [[kept, 0]]]));
  return {
    'stem/kernel': [[stream, 3]], 'stem/bias': [[stream, 0]], ...bn('stem_bn', stream),
    'a1/kernel': [[stream, 2], [a1, 3]], 'a1/bias': [[a1, 0]], ...bn('a1_bn', a1),
    'b1/kernel': [[a1, 2], [stream, 3]], 'b1/bias': [[stream, 0]], ...bn('b1_bn', stream),
    'dw2/depthwise_kernel': [[stream, 2]], 'dw2/bias': [[stream, 0]], ...bn('dw2_bn', stream),
    'b2/kernel': [[stream, 2], [stream, 3]], 'b2/bias': [[stream, 0]], ...bn('b2_bn', stream),
    'head/kernel': [[stream, 0]], 'head/bias': [],
  };
}

/** `tensor`, shaped like weight `name` (an originalName) of residualNet, gathered on the kept indices. */
export function gatherResidualNet(kept: Record<string, [number[], number][]>, name: string, tensor: tf.Tensor): tf.Tensor {
  const plan = kept[name];
  if (plan === undefined) throw new Error(`no plan for ${name}`);
  return tf.tidy(() => plan.reduce((t, [indices, axis]) => tf.gather(t, tf.tensor1d(indices, 'int32'), axis), tensor.clone()));
}
