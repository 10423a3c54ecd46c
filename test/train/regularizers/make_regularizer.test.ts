// Every regulariser's step on a small model against the src/prox functions with hand-computed
// thresholds eta*lambda*c_l, and its loss term against a float64 sum.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { regularizedKernels } from '../../../src/models/kernels.js';
import {
  exclusiveProxExact, exclusiveProxOriginal, groupProx, l1Prox, type ExclusiveForm, type Grouping,
} from '../../../src/prox/index.js';
import { makeRegularizer, type RegularizerName, type RegularizerOptions } from '../../../src/train/regularizers/index.js';
import { CgesError } from '../../../src/util/errors.js';
import { kernelValues, smallModel } from './small_model.js';

await tf.setBackend('cpu');

const BASE: RegularizerOptions = { lambda: 0.5, mu: 0.8, grouping: 'input', exclusiveForm: 'original' };
const ETA = 0.2;

function assertTensorsClose(actual: tf.Tensor, expected: tf.Tensor, what: string): void {
  const a = actual.dataSync();
  const e = expected.dataSync();
  for (let i = 0; i < e.length; i++) {
    assert.ok(Math.abs(a[i] - e[i]) <= 1e-6, `${what}: index ${i} is ${a[i]}, expected ${e[i]}`);
  }
}

/** Runs one proxStep of `name` and compares each kernel with expected(before, l). */
function checkStep(
  name: RegularizerName, options: RegularizerOptions, expected: (w: tf.Tensor, l: number) => tf.Tensor,
): void {
  const model = smallModel();
  const kernels = regularizedKernels(model);
  const before = kernelValues(model);
  const regularizer = makeRegularizer(name, options);
  assert.equal(regularizer.name, name);
  assert.equal(regularizer.lossTerm(kernels, ETA), null);
  const tensorsBefore = tf.memory().numTensors;
  regularizer.proxStep(kernels, ETA);
  assert.equal(tf.memory().numTensors, tensorsBefore, `${name}: proxStep leaked tensors`);
  kernels.forEach((kernel, l) => {
    const want = expected(before[l], l);
    assertTensorsClose(kernel.variable.read(), want, `${name} layer ${l}`);
    want.dispose();
  });
  tf.dispose(before);
  model.dispose();
}

function exclusive(form: ExclusiveForm): (w: tf.Tensor, t: number, grouping: Grouping) => tf.Tensor {
  return form === 'original' ? exclusiveProxOriginal : exclusiveProxExact;
}

test('none leaves the kernels alone', () => {
  checkStep('none', BASE, (w) => tf.clone(w));
});

test('l1 soft-thresholds every kernel by eta*lambda', () => {
  checkStep('l1', BASE, (w) => l1Prox(w, 0.1));
});

test('group applies the group prox with eta*lambda*gscale_l, both groupings', () => {
  for (const grouping of ['input', 'output'] satisfies Grouping[]) {
    const options = { ...BASE, grouping, gscale: [1, 2, 0.5] };
    checkStep('group', options, (w, l) => groupProx(w, [0.1, 0.2, 0.05][l], grouping));
  }
});

test('exclusive applies the exclusive prox with eta*lambda*escale_l, both forms', () => {
  for (const exclusiveForm of ['original', 'exact'] satisfies ExclusiveForm[]) {
    const options = { ...BASE, exclusiveForm, lambda: 0.05, escale: [0.5, 1, 3] };
    checkStep('exclusive', options, (w, l) => exclusive(exclusiveForm)(w, [0.005, 0.01, 0.03][l], 'input'));
  }
});

test('cges: group eta*lambda*cG_l then exclusive eta*lambda*cE_l, chvar (2mu-1)/(L-1) = 0.3', () => {
  // L = 3, mu = 0.8: cG = [0.8, 0.5, 0.2] * gscale, cE = [0.2, 0.5, 0.8] * escale; eta*lambda = 0.02.
  const gscale = [1, 2, 0.5];
  const escale = [1, 0.5, 4];
  const group = [0.016, 0.02, 0.002];
  const excl = [0.004, 0.005, 0.064];
  for (const grouping of ['input', 'output'] satisfies Grouping[]) {
    for (const exclusiveForm of ['original', 'exact'] satisfies ExclusiveForm[]) {
      const options: RegularizerOptions = { ...BASE, lambda: 0.1, grouping, exclusiveForm, gscale, escale };
      checkStep('cges', options, (w, l) => tf.tidy(() => exclusive(exclusiveForm)(groupProx(w, group[l], grouping), excl[l], grouping)));
    }
  }
});

test('lambda = 0 and eta = 0 leave every proximal regulariser the identity', () => {
  for (const name of ['l1', 'group', 'exclusive', 'cges'] satisfies RegularizerName[]) {
    checkStep(name, { ...BASE, lambda: 0 }, (w) => tf.clone(w));
  }
  const model = smallModel();
  const kernels = regularizedKernels(model);
  const before = kernelValues(model);
  makeRegularizer('cges', BASE).proxStep(kernels, 0);
  kernels.forEach((kernel, l) => assertTensorsClose(kernel.variable.read(), before[l], `eta 0 layer ${l}`));
  tf.dispose(before);
  model.dispose();
});

test('l2: loss term eta*l2Weight*sum||W||^2/2 (kernels only), its gradient eta*l2Weight*W, no prox', () => {
  const model = smallModel();
  const kernels = regularizedKernels(model);
  let sumSquares = 0;
  for (const kernel of kernels) for (const x of kernel.variable.read().dataSync()) sumSquares += x * x;
  for (const [l2Weight, weight] of [[undefined, 0.01], [0.3, 0.3]] as const) {
    const regularizer = makeRegularizer('l2', { ...BASE, l2Weight });
    const term = regularizer.lossTerm(kernels, ETA);
    assert.ok(term !== null);
    assert.ok(Math.abs(term.dataSync()[0] - (ETA * weight * sumSquares) / 2) < 1e-6 * sumSquares);
    term.dispose();
  }
  const regularizer = makeRegularizer('l2', BASE);
  const dense = kernels[1].variable.read();
  assert.ok(dense instanceof tf.Variable);
  const { grads } = tf.variableGrads(() => {
    const term = regularizer.lossTerm(kernels, ETA);
    if (term === null) throw new Error('l2 must have a loss term');
    return term;
  }, [dense]);
  const expected = tf.mul(dense, ETA * 0.01);
  assertTensorsClose(grads[dense.name], expected, 'l2 gradient');
  tf.dispose([grads[dense.name], expected]);
  const before = kernelValues(model);
  regularizer.proxStep(kernels, ETA);
  kernels.forEach((kernel, l) => assertTensorsClose(kernel.variable.read(), before[l], `l2 prox layer ${l}`));
  tf.dispose(before);
  model.dispose();
});

test('repeated cges steps do not leak tensors', () => {
  const model = smallModel();
  const kernels = regularizedKernels(model);
  const regularizer = makeRegularizer('cges', { ...BASE, exclusiveForm: 'exact', lambda: 0.01 });
  regularizer.proxStep(kernels, ETA);
  const before = tf.memory().numTensors;
  for (let step = 0; step < 50; step++) regularizer.proxStep(kernels, ETA);
  assert.equal(tf.memory().numTensors, before);
  model.dispose();
});

test('makeRegularizer rejects bad options with CgesError naming the option', () => {
  const bad: [RegularizerName, Partial<RegularizerOptions>, RegExp][] = [
    ['cges', { lambda: -1 }, /lambda/],
    ['cges', { lambda: Number.NaN }, /lambda/],
    ['group', { mu: 1.5 }, /mu/],
    ['cges', { chvar: Number.NaN }, /chvar/],
    ['cges', { grouping: 'rows' as Grouping }, /grouping/],
    ['exclusive', { exclusiveForm: 'fast' as ExclusiveForm }, /exclusiveForm/],
    ['l2', { l2Weight: -0.1 }, /l2Weight/],
    ['cges', { gscale: [1, Number.POSITIVE_INFINITY] }, /gscale\[1\]/],
  ];
  for (const [name, change, message] of bad) {
    assert.throws(() => makeRegularizer(name, { ...BASE, ...change }), CgesError);
    assert.throws(() => makeRegularizer(name, { ...BASE, ...change }), message);
  }
  assert.throws(() => makeRegularizer('dropout' as RegularizerName, BASE), /regularizer/);
  const model = smallModel();
  const kernels = regularizedKernels(model);
  // The scales must have one entry per kernel: known only once the model is.
  assert.throws(() => makeRegularizer('cges', { ...BASE, escale: [1, 1] }).proxStep(kernels, ETA), /escale/);
  assert.throws(() => makeRegularizer('group', { ...BASE, gscale: [1, 1, 1, 1] }).proxStep(kernels, ETA), /gscale/);
  assert.throws(() => makeRegularizer('l1', BASE).proxStep(kernels, -0.1), /learning rate/);
  model.dispose();
});
