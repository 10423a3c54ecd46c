// compactModel on hand-built models with chosen zero patterns: every connection kind, bias folding
// (exact and not), units that must stay, unsupported layers, and loading the result with plain
// tf.loadLayersModel. The reference is always the original model's own TF.js cpu output, plus
// hand-computed folded biases.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { compactModel } from '../../src/compact/compact_model.js';
import { analyseChain } from '../../src/structure/chain.js';
import { loadMnist } from '../../src/data/mnist.js';
import { countMacs } from '../../src/models/macs.js';
import { CgesCallback, makeRegularizer } from '../../src/train/regularizers/index.js';
import {
  convPoolConvNet, editLayer, layerWeights, maxOutputDiff, randomizeWeights, reloadWithPlainTfjs, symbolic, uniformInputs, zeroChannel,
  zeroColumn,
} from '../structure/fixtures.js';

const TOLERANCE = 1e-5;

async function compactAndCheck(model: tfl.LayersModel, inputShape: number[]): Promise<tfl.LayersModel> {
  const result = await compactModel(model);
  const x = uniformInputs([16, ...inputShape]);
  const diff = maxOutputDiff(model, result.model, x);
  x.dispose();
  assert.ok(diff < TOLERANCE, `outputs differ by ${diff}`);
  return result.model;
}

function units(model: tfl.LayersModel, name: string): number {
  const shape = model.getLayer(name).outputShape;
  const last = Array.isArray(shape[0]) ? undefined : shape[shape.length - 1];
  assert.equal(typeof last, 'number');
  return Number(last);
}

function denseModel(withDropout: boolean): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.dense({ name: 'fc1', inputShape: [4], units: 5, activation: 'relu' }));
  if (withDropout) model.add(tfl.layers.dropout({ name: 'drop', rate: 0.5 }));
  model.add(tfl.layers.dense({ name: 'fc2', units: 3 }));
  randomizeWeights(model);
  // fc1 unit 1: nothing leads out of it. Unit 2: nothing leads in, relu(0.5) = 0.5 is folded.
  // Unit 3: nothing leads in, relu(-0.2) = 0, so it simply goes. Unit 4: one non-zero outgoing weight.
  editLayer(model, 'fc2', (kernel) => {
    zeroChannel(kernel, 3, 5, 1);
    kernel.fill(0, 4 * 3, 4 * 3 + 2);
    zeroColumn(kernel, 3, 0); // output unit 0 has no incoming weight, yet the output layer keeps it
  });
  editLayer(model, 'fc1', (kernel, bias) => {
    zeroColumn(kernel, 5, 2);
    zeroColumn(kernel, 5, 3);
    bias![2] = 0.5;
    bias![3] = -0.2;
  });
  return model;
}

describe('compactModel: dense layers', () => {
  for (const withDropout of [false, true]) {
    it(`removes dead units and folds constants, dense -> ${withDropout ? 'dropout -> ' : ''}dense`, async () => {
      const model = denseModel(withDropout);
      const compacted = await compactAndCheck(model, [4]);
      assert.equal(units(compacted, 'fc1'), 2, 'fc1 keeps units 0 and 4');
      assert.equal(units(compacted, 'fc2'), 3, 'the output layer keeps all its units');
      const before = layerWeights(model, 'fc2');
      const after = layerWeights(compacted, 'fc2');
      for (let v = 0; v < 3; v++) {
        assert.ok(Math.abs(after.bias[v] - (before.bias[v] + 0.5 * before.kernel[2 * 3 + v])) < 1e-6, `bias ${v}`);
        assert.equal(after.kernel[v], before.kernel[v], 'row of unit 0');
        assert.equal(after.kernel[3 + v], before.kernel[4 * 3 + v], 'row of unit 4');
      }
      model.dispose();
      compacted.dispose();
    });
  }

  it('gives a layer without bias one when a constant is folded into it', async () => {
    const model = tfl.sequential();
    model.add(tfl.layers.dense({ name: 'fc1', inputShape: [3], units: 4, activation: 'relu' }));
    model.add(tfl.layers.dense({ name: 'fc2', units: 2, useBias: false }));
    randomizeWeights(model);
    editLayer(model, 'fc1', (kernel, bias) => {
      zeroColumn(kernel, 4, 3);
      bias![3] = 0.6;
    });
    const fc2Kernel = model.getLayer('fc2').getWeights()[0].dataSync();
    const compacted = await compactAndCheck(model, [3]);
    assert.equal(units(compacted, 'fc1'), 3);
    const bias = compacted.getLayer('fc2').getWeights()[1].dataSync();
    for (let v = 0; v < 2; v++) assert.ok(Math.abs(bias[v] - 0.6 * fc2Kernel[3 * 2 + v]) < 1e-6);
    compacted.dispose();
    model.dispose();
  });

  it('keeps every unit that has a non-zero outgoing weight and a non-zero incoming weight', async () => {
    const model = tfl.sequential();
    model.add(tfl.layers.dense({ name: 'fc1', inputShape: [3], units: 4, activation: 'relu' }));
    model.add(tfl.layers.dense({ name: 'fc2', units: 2 }));
    randomizeWeights(model);
    // Every row of fc2 but one weight is zero: all four units still feed the output.
    editLayer(model, 'fc2', (kernel) => kernel.forEach((_, i) => { if (i % 2 === 1) kernel[i] = 0; }));
    const compacted = await compactAndCheck(model, [3]);
    assert.equal(units(compacted, 'fc1'), 4);
    compacted.dispose();
    model.dispose();
  });

  it('never empties a layer, even when no unit feeds the next one', async () => {
    const model = tfl.sequential();
    model.add(tfl.layers.dense({ name: 'fc1', inputShape: [3], units: 4, activation: 'relu' }));
    model.add(tfl.layers.dense({ name: 'fc2', units: 2 }));
    randomizeWeights(model);
    editLayer(model, 'fc2', (kernel) => kernel.fill(0));
    const compacted = await compactAndCheck(model, [3]);
    assert.equal(units(compacted, 'fc1'), 1);
    compacted.dispose();
    model.dispose();
  });

  it('leaks no tensors', async () => {
    const model = denseModel(true);
    const before = tf.memory().numTensors;
    const result = await compactModel(model);
    result.model.dispose();
    assert.equal(tf.memory().numTensors, before);
    model.dispose();
  });
});

function convModel(first: 'same' | 'valid', second: 'same' | 'valid', secondKernel = 3): tfl.LayersModel {
  const model = tfl.sequential();
  model.add(tfl.layers.conv2d({
    name: 'conv1', inputShape: [6, 6, 2], filters: 4, kernelSize: 3, padding: first, activation: 'relu',
  }));
  model.add(tfl.layers.conv2d({ name: 'conv2', filters: 3, kernelSize: secondKernel, padding: second }));
  model.add(tfl.layers.flatten({ name: 'flatten' }));
  model.add(tfl.layers.dense({ name: 'logits', units: 2 }));
  randomizeWeights(model);
  // conv1 filter 1: no incoming weight, constant relu(0.3); filter 3: conv2 ignores it.
  editLayer(model, 'conv1', (kernel, bias) => {
    zeroColumn(kernel, 4, 1);
    bias![1] = 0.3;
  });
  editLayer(model, 'conv2', (kernel) => zeroChannel(kernel, 3, 4, 3));
  return model;
}

describe('compactModel: conv layers', () => {
  it('conv -> conv (VALID): folds a constant filter into the next bias exactly', async () => {
    const model = convModel('valid', 'valid');
    const compacted = await compactAndCheck(model, [6, 6, 2]);
    assert.equal(units(compacted, 'conv1'), 2);
    const before = layerWeights(model, 'conv2');
    const after = layerWeights(compacted, 'conv2');
    assert.deepEqual(after.shape, [3, 3, 2, 3]);
    for (let v = 0; v < 3; v++) {
      let sum = 0;
      for (let p = 0; p < 9; p++) sum += before.kernel[(p * 4 + 1) * 3 + v];
      assert.ok(Math.abs(after.bias[v] - (before.bias[v] + 0.3 * sum)) < 1e-6, `bias ${v}`);
    }
    compacted.dispose();
    model.dispose();
  });

  it('conv -> conv (SAME 3x3): keeps a constant filter, as zero padding varies its effect at borders', async () => {
    const model = convModel('same', 'same');
    const result = await compactModel(model);
    assert.equal(units(result.model, 'conv1'), 3, 'only the filter conv2 ignores goes');
    assert.equal(result.stages[0].keptNotFoldable, 1);
    const x = uniformInputs([8, 6, 6, 2]);
    assert.ok(maxOutputDiff(model, result.model, x) < TOLERANCE);
    x.dispose();
    result.model.dispose();
    model.dispose();
  });

  it('conv -> conv (SAME 1x1): no padding, so the constant filter is folded', async () => {
    const model = convModel('same', 'same', 1);
    const compacted = await compactAndCheck(model, [6, 6, 2]);
    assert.equal(units(compacted, 'conv1'), 2);
    compacted.dispose();
    model.dispose();
  });

  it('removes a constant filter that is zero after the activation even before a SAME conv', async () => {
    const model = convModel('same', 'same');
    editLayer(model, 'conv1', (_kernel, bias) => { bias![1] = -0.3; });
    const compacted = await compactAndCheck(model, [6, 6, 2]);
    assert.equal(units(compacted, 'conv1'), 2);
    compacted.dispose();
    model.dispose();
  });

  it('conv -> max-pool -> conv: filters go through pooling', async () => {
    const model = convPoolConvNet([8, 8, 1], [3, 2]);
    editLayer(model, 'conv2', (kernel) => zeroChannel(kernel, 2, 3, 0));
    editLayer(model, 'conv1', (kernel, bias) => {
      zeroColumn(kernel, 3, 2);
      bias![2] = 0.4;
    });
    const compacted = await compactAndCheck(model, [8, 8, 1]);
    assert.equal(units(compacted, 'conv1'), 1);
    assert.equal(units(compacted, 'conv2'), 2);
    compacted.dispose();
    model.dispose();
  });

  for (const pool of ['max', 'average'] as const) {
    it(`conv -> ${pool}-pool -> flatten -> dense: channel c is dense rows (h*W + w)*C + c`, async () => {
      const model = tfl.sequential();
      model.add(tfl.layers.conv2d({
        name: 'conv', inputShape: [5, 5, 1], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu',
      }));
      // 2x2 SAME pooling of a 5x5 map: the last row and column of windows are partial.
      const poolArgs = { name: 'pool', poolSize: 2, padding: 'same' as const };
      model.add(pool === 'max' ? tfl.layers.maxPooling2d(poolArgs) : tfl.layers.averagePooling2d(poolArgs));
      model.add(tfl.layers.flatten({ name: 'flatten' }));
      model.add(tfl.layers.dense({ name: 'fc', units: 5, activation: 'relu' }));
      model.add(tfl.layers.dense({ name: 'logits', units: 2 }));
      randomizeWeights(model);
      editLayer(model, 'fc', (kernel) => zeroChannel(kernel, 5, 4, 1));
      editLayer(model, 'conv', (kernel, bias) => {
        zeroColumn(kernel, 4, 2);
        bias![2] = 0.25;
      });
      const compacted = await compactAndCheck(model, [5, 5, 1]);
      assert.equal(units(compacted, 'conv'), 2);
      const before = layerWeights(model, 'fc');
      const after = layerWeights(compacted, 'fc');
      assert.deepEqual(after.shape, [9 * 2, 5]);
      for (let v = 0; v < 5; v++) {
        let sum = 0;
        for (let p = 0; p < 9; p++) sum += before.kernel[(p * 4 + 2) * 5 + v];
        assert.ok(Math.abs(after.bias[v] - (before.bias[v] + 0.25 * sum)) < 1e-6, `bias ${v}`);
        // Kept channels 0 and 3 at position p are rows 2p and 2p + 1 now.
        assert.equal(after.kernel[(2 * 4 + 1) * 5 + v], before.kernel[(4 * 4 + 3) * 5 + v]);
      }
      compacted.dispose();
      model.dispose();
    });
  }
});

describe('compactModel: global pooling', () => {
  it('conv -> global average pool -> dense: channel c is dense row c, and constants fold', async () => {
    const model = tfl.sequential();
    model.add(tfl.layers.conv2d({
      name: 'conv', inputShape: [5, 5, 2], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu',
    }));
    model.add(tfl.layers.globalAveragePooling2d({ name: 'gap' }));
    model.add(tfl.layers.dense({ name: 'logits', units: 3 }));
    randomizeWeights(model);
    editLayer(model, 'logits', (kernel) => zeroChannel(kernel, 3, 4, 0));
    editLayer(model, 'conv', (kernel, bias) => {
      zeroColumn(kernel, 4, 3);
      bias![3] = 0.5;
    });
    const compacted = await compactAndCheck(model, [5, 5, 2]);
    assert.equal(units(compacted, 'conv'), 2);
    compacted.dispose();
    model.dispose();
  });
});

describe('compactModel: model shapes and unsupported layers', () => {
  it('compacts a functional chain the same way as a Sequential one', async () => {
    const input = tfl.input({ shape: [4] });
    const fc1 = tfl.layers.dense({ name: 'fc1', units: 5, activation: 'relu' }).apply(input);
    const drop = tfl.layers.dropout({ name: 'drop', rate: 0.5 }).apply(fc1);
    const fc2 = symbolic(tfl.layers.dense({ name: 'fc2', units: 3 }).apply(drop));
    const model = tfl.model({ inputs: input, outputs: fc2 });
    const sequential = denseModel(true);
    model.setWeights(sequential.getWeights());
    const compacted = await compactAndCheck(model, [4]);
    assert.equal(units(compacted, 'fc1'), 2);
    compacted.dispose();
    model.dispose();
    sequential.dispose();
  });

  /** fc1 (5, relu) -> `norm` -> fc2 (6, relu) -> fc3 (2); fc2 reads no fc1 unit 0, fc3 no fc2 unit 4. Compacted, equal. */
  async function compactAroundNorm(norm: tfl.layers.Layer) {
    const model = tfl.sequential();
    model.add(tfl.layers.dense({ name: 'fc1', inputShape: [4], units: 5, activation: 'relu' }));
    model.add(norm);
    model.add(tfl.layers.dense({ name: 'fc2', units: 6, activation: 'relu' }));
    model.add(tfl.layers.dense({ name: 'fc3', units: 2 }));
    randomizeWeights(model);
    editLayer(model, 'fc2', (kernel) => zeroChannel(kernel, 6, 5, 0));
    editLayer(model, 'fc3', (kernel) => zeroChannel(kernel, 2, 6, 4));
    const result = await compactModel(model);
    const x = uniformInputs([8, 4]);
    assert.ok(maxOutputDiff(model, result.model, x) < TOLERANCE);
    x.dispose();
    model.dispose();
    return result;
  }

  it('reads a chain with a layer its links do not follow (BatchNormalization) through the coupling graph', async () => {
    const result = await compactAroundNorm(tfl.layers.batchNormalization({ name: 'norm' }));
    // fc1's unit 0, which fc2 no longer reads, goes with its BatchNormalization entry.
    assert.equal(units(result.model, 'fc1'), 4, 'fc1 -> norm -> fc2 is compacted');
    assert.equal(result.model.getLayer('norm').getWeights()[0].shape[0], 4);
    assert.equal(units(result.model, 'fc2'), 5, 'fc2 -> fc3 is compacted');
    assert.deepEqual(result.notes, []);
    result.model.dispose();
  });

  it('passes a layer the graph cannot follow either (LayerNormalization) through unchanged, keeps the channels around it, and says why', async () => {
    const result = await compactAroundNorm(tfl.layers.layerNormalization({ name: 'norm' }));
    assert.equal(units(result.model, 'fc1'), 5, 'fc1 feeds the layer that mixes channels');
    assert.equal(units(result.model, 'fc2'), 5, 'fc2 -> fc3 is still compacted');
    assert.equal(result.notes.length, 1);
    assert.equal(result.notes[0].layer, 'norm');
    assert.match(result.notes[0].reason, /normalises across channels; every channel of fc1 \(5\) stays/);
    result.model.dispose();
  });

  it('compacts a model that is not a chain on its coupling graph: a residual add keeps the input\'s channels', async () => {
    const input = tfl.input({ shape: [3] });
    const a = tfl.layers.dense({ name: 'a', units: 4, activation: 'relu' }).apply(input);
    const b = symbolic(tfl.layers.dense({ name: 'b', units: 3 }).apply(a));
    const sum = symbolic(tfl.layers.add({ name: 'sum' }).apply([input, b]));
    const model = tfl.model({ inputs: input, outputs: sum });
    randomizeWeights(model);
    // Unit 1 of a is read by nobody; b's outputs join the input's channels, which stay.
    editLayer(model, 'b', (kernel) => zeroChannel(kernel, 3, 4, 1));
    editLayer(model, 'a', (kernel) => zeroColumn(kernel, 4, 2));
    const result = await compactModel(model);
    assert.deepEqual(result.notes, []);
    assert.equal(result.analysis, null);
    assert.deepEqual(result.stages.map((stage) => [stage.layer, stage.unitsBefore, stage.unitsAfter]), [['a', 4, 2], ['b', 3, 3]]);
    assert.deepEqual(result.stages.map((stage) => [stage.removedNoOutgoing, stage.removedConstant]), [[1, 1], [0, 0]]);
    const x = uniformInputs([8, 3]);
    assert.ok(maxOutputDiff(model, result.model, x) < TOLERANCE);
    x.dispose();
    result.model.dispose();
    model.dispose();
  });

  it('keeps the units of a hidden softmax layer, whose outputs mix', async () => {
    const model = tfl.sequential();
    model.add(tfl.layers.dense({ name: 'fc1', inputShape: [4], units: 5, activation: 'softmax' }));
    model.add(tfl.layers.dense({ name: 'fc2', units: 2, activation: 'softmax' }));
    randomizeWeights(model);
    editLayer(model, 'fc2', (kernel) => zeroChannel(kernel, 2, 5, 1));
    const compacted = await compactAndCheck(model, [4]);
    assert.equal(units(compacted, 'fc1'), 5);
    compacted.dispose();
    model.dispose();
  });

  it('produces a model that plain tf.loadLayersModel loads', async () => {
    const model = convModel('valid', 'valid');
    const result = await compactModel(model);
    const loaded = await reloadWithPlainTfjs(result.model);
    const x = uniformInputs([8, 6, 6, 2]);
    assert.ok(maxOutputDiff(model, loaded, x) < TOLERANCE);
    assert.equal(units(loaded, 'conv1'), 2);
    x.dispose();
    loaded.dispose();
    result.model.dispose();
    model.dispose();
  });
});

describe('compactModel: a network trained with CGES', () => {
  it('compacts a 784-32-16-10 net after 200 CGES steps on MNIST with equal logits and fewer MACs', async () => {
    const steps = 200;
    const batch = 50;
    const { train, test } = loadMnist({ trainSize: steps * batch, testSize: 500 });
    const model = tfl.sequential();
    const init = (seed: number) => tfl.initializers.glorotUniform({ seed });
    model.add(tfl.layers.flatten({ inputShape: [28, 28, 1] }));
    model.add(tfl.layers.dense({ name: 'fc1', units: 32, activation: 'relu', kernelInitializer: init(1) }));
    model.add(tfl.layers.dense({ name: 'fc2', units: 16, activation: 'relu', kernelInitializer: init(2) }));
    model.add(tfl.layers.dense({ name: 'fc3', units: 10, kernelInitializer: init(3) }));
    const eta = 0.1;
    const loss = (y: tf.Tensor, logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(y, logits);
    model.compile({ optimizer: tf.train.sgd(eta), loss });
    const regularizer = makeRegularizer('cges', { lambda: 0.02, mu: 0.8, grouping: 'input', exclusiveForm: 'original' });
    const xs = tf.tensor4d(train.images, [train.count, 28, 28, 1]);
    const ys = tf.oneHot(tf.tensor1d(train.labels, 'int32'), 10);
    await model.fit(xs, ys, {
      batchSize: batch, epochs: 1, shuffle: false, verbose: 0,
      callbacks: [new CgesCallback(model, regularizer, { learningRate: eta })],
    });
    tf.dispose([xs, ys]);

    const testImages = tf.tensor4d(test.images, [test.count, 28, 28, 1]);
    const result = await compactModel(model, { verifyInputs: testImages });
    const diff = maxOutputDiff(model, result.model, testImages);
    assert.ok(diff <= 1e-4 * result.check.scale, `logits differ by ${diff}`);
    assert.ok(countMacs(result.model).total < countMacs(model).total, 'fewer MACs');
    assert.ok(units(result.model, 'fc1') < 32, 'some hidden units went');
    assert.deepEqual(result.check.predictedAfter, result.check.predictedBefore);
    testImages.dispose();
    result.model.dispose();
    model.dispose();
  });
});
