// The onednn backend's storage reads (onednn_backend.ts): a kernel reads a tensor's stored array itself,
// whatever its size, so a batch gathered or sliced from a whole training set costs the batch, not the
// set; user code reading a tensor gets a copy of its own; and the one cpu kernel that writes the buffer
// it reads its input through (TensorScatterUpdate) leaves its input alone.
//
// The onednn backend's storage records against what TF.js's engine may hand it: a kernel may return any
// data id, and engine.makeTensorFromDataId takes one the backend never stored. Disposing such a tensor
// must not look the id up through DataStorage.get, which asks the engine to move a missing id onto this
// backend by reading it from its owner, this backend again, until the stack overflows (TF.js's own
// kernel- and gradient-registry specs do exactly this).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { OneDnnBackend } from '../../src/backend/onednn_backend.js';
import { seededValues, skipWithoutAddon } from './kernels/backend_compare.js';
import { oneDnnAvailable } from './kernels/onednn_test_utils.js';

const ROWS = 2000;
const ROW = 784;

/** The onednn backend, current. */
async function onednn(): Promise<OneDnnBackend> {
  assert.ok(oneDnnAvailable());
  await tf.setBackend('onednn');
  const backend = tf.backend();
  assert.ok(backend instanceof OneDnnBackend);
  return backend;
}

/** How often `run` reads `tensor` through the backend's user-facing readSync (a copy of the whole tensor). */
function userReadsOf(backend: OneDnnBackend, tensor: tf.Tensor, run: () => void): number {
  let reads = 0;
  const readSync = backend.readSync.bind(backend);
  Object.defineProperty(backend, 'readSync', {
    configurable: true,
    value: (dataId: tf.DataId) => {
      if (dataId === tensor.dataId) reads += 1;
      return readSync(dataId);
    },
  });
  try {
    run();
  } finally {
    Reflect.deleteProperty(backend, 'readSync');
  }
  return reads;
}

const KERNELS: { name: string; run: (x: tf.Tensor2D) => tf.Tensor }[] = [
  { name: 'gather', run: (x) => tf.gather(x, tf.tensor1d([5, 1999, 0], 'int32')) },
  { name: 'gatherND', run: (x) => tf.gatherND(x, tf.tensor2d([[5], [1999]], [2, 1], 'int32')) },
  { name: 'slice of rows', run: (x) => tf.slice(x, [100, 0], [100, ROW]) },
  { name: 'slice of columns', run: (x) => tf.slice(x, [0, 10], [ROWS, 2]) },
  { name: 'stridedSlice', run: (x) => tf.stridedSlice(x, [0, 0], [ROWS, ROW], [500, 200]) },
  { name: 'concat', run: (x) => tf.concat([tf.slice(x, [0, 0], [2, ROW]), x], 0) },
];

for (const { name, run } of KERNELS) {
  test(`${name} reads a large tensor's storage without copying it`, { skip: skipWithoutAddon }, async () => {
    const backend = await onednn();
    const x = tf.tensor2d(seededValues(ROWS * ROW, 7), [ROWS, ROW]);
    let result: tf.Tensor | undefined;
    const reads = userReadsOf(backend, x, () => { result = tf.tidy(() => run(x)); });
    assert.equal(reads, 0);
    tf.dispose([x, result as tf.Tensor]);
    await tf.setBackend('cpu');
  });
}

test('bufferSync hands a kernel the stored array itself', { skip: skipWithoutAddon }, async () => {
  const backend = await onednn();
  for (const x of [tf.tensor2d(seededValues(ROWS * ROW, 8), [ROWS, ROW]), tf.tensor1d([1, 2, 3], 'int32')]) {
    assert.equal(backend.bufferSync(x).values, backend.data.get(x.dataId).values);
    x.dispose();
  }
  await tf.setBackend('cpu');
});

test('user code reading a float32 tensor gets a copy, large or small', { skip: skipWithoutAddon }, async () => {
  const backend = await onednn();
  for (const length of [3, ROWS * ROW]) {
    const x = tf.tensor1d(seededValues(length, 9));
    const stored = backend.data.get(x.dataId).values;
    const kept = [x.dataSync(), await x.data()];
    for (const read of kept) {
      assert.notEqual(read, stored);
      assert.equal(read.length, length);
      assert.equal(read.byteLength, read.buffer.byteLength, 'Tensor.bytes() may read the whole buffer');
    }
    x.dispose();
  }
  await tf.setBackend('cpu');
});

test('tensorScatterUpdate leaves its input unchanged', { skip: skipWithoutAddon }, async () => {
  await onednn();
  for (const rows of [3, ROWS]) {
    const x = tf.zeros([rows, 4]);
    const updated = tf.tensorScatterUpdate(x, tf.tensor2d([[1]], [1, 1], 'int32'), tf.ones([1, 4]));
    assert.deepEqual(Array.from(x.dataSync().slice(0, 8)), [0, 0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(Array.from(updated.dataSync().slice(0, 8)), [0, 0, 0, 0, 1, 1, 1, 1]);
    tf.dispose([x, updated]);
  }
  await tf.setBackend('cpu');
});

test('a tensor on a data id the onednn backend never stored is disposed without reading it',
  { skip: skipWithoutAddon }, async () => {
    assert.ok(oneDnnAvailable());
    await tf.setBackend('onednn');
    const before = tf.memory().numTensors;
    const tensor = tf.engine().makeTensorFromDataId({}, [3], 'float32');
    assert.deepEqual(tensor.shape, [3]);
    tensor.dispose();
    assert.equal(tf.memory().numTensors, before);
  });

test('a kernel registered for onednn that returns a new data id runs, and its output is disposed',
  { skip: skipWithoutAddon }, async () => {
    assert.ok(oneDnnAvailable());
    await tf.setBackend('onednn');
    const kernelName = 'CgesNewDataIdKernel';
    tf.registerKernel({
      kernelName, backendName: 'onednn',
      kernelFunc: () => ({ dataId: {}, shape: [3, 3], dtype: 'float32' }),
    });
    try {
      const before = tf.memory().numTensors;
      const shape = tf.tidy(() => {
        const x = tf.zeros([2, 2]);
        return (tf.engine().runKernel(kernelName, { x }, {}) as tf.Tensor).shape;
      });
      assert.deepEqual(shape, [3, 3]);
      assert.equal(tf.memory().numTensors, before);
    } finally {
      tf.unregisterKernel(kernelName, 'onednn');
    }
  });
