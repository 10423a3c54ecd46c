// The onednn backend's storage records against what TF.js's engine may hand it: a kernel may return any
// data id, and engine.makeTensorFromDataId takes one the backend never stored. Disposing such a tensor
// must not look the id up through DataStorage.get, which asks the engine to move a missing id onto this
// backend by reading it from its owner, this backend again, until the stack overflows (TF.js's own
// kernel- and gradient-registry specs do exactly this).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { skipWithoutAddon } from './kernels/backend_compare.js';
import { oneDnnAvailable } from './kernels/onednn_test_utils.js';

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
