// cgesProx: group prox first, then the exclusive prox of the chosen form on its output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { CgesError } from '../../src/util/errors.js';
import {
  cgesProx, exclusiveProxExact, exclusiveProxOriginal, groupProx, type ExclusiveForm, type Grouping,
} from '../../src/prox/index.js';
import { assertClose, randomValues, runOp, seededRandom } from './reference.js';

await tf.setBackend('cpu');

test('cgesProx on a hand-computed row: group, then seed exclusive', () => {
  // [3, 4]: norm 5, group 2.5 -> [1.5, 2]; then l1 3.5, exclusive 0.1 -> threshold 0.35 -> [1.15, 1.65].
  const out = runOp([3, 4, 0, 0], [2, 2], (w) => cgesProx(w, { group: 2.5, exclusive: 0.1, grouping: 'input', exclusiveForm: 'original' }));
  assertClose(out, [1.15, 1.65, 0, 0], 1e-6, 'row');
});

test('cgesProx equals the composition of its two steps, for both forms and groupings', () => {
  const values = randomValues(5 * 5 * 3 * 8, seededRandom(31), 0.3, 0.05);
  const shape = [5, 5, 3, 8];
  for (const grouping of ['input', 'output'] satisfies Grouping[]) {
    for (const exclusiveForm of ['original', 'exact'] satisfies ExclusiveForm[]) {
      const out = runOp(values, shape, (w) => cgesProx(w, { group: 0.2, exclusive: 0.02, grouping, exclusiveForm }));
      const expected = runOp(values, shape, (w) => tf.tidy(() => {
        const grouped = groupProx(w, 0.2, grouping);
        return exclusiveForm === 'original' ? exclusiveProxOriginal(grouped, 0.02, grouping) : exclusiveProxExact(grouped, 0.02, grouping);
      }));
      assert.deepEqual(Array.from(out), Array.from(expected), `${grouping} ${exclusiveForm}`);
    }
  }
});

test('cgesProx applies the optional l1 soft threshold last', () => {
  // [3, 4] -> group 2.5 -> [1.5, 2] -> seed exclusive 0.1 -> [1.15, 1.65] -> l1 0.15 -> [1, 1.5].
  const out = runOp([3, 4], [1, 2], (w) => cgesProx(w, { group: 2.5, exclusive: 0.1, l1: 0.15, grouping: 'input', exclusiveForm: 'original' }));
  assertClose(out, [1, 1.5], 1e-6, 'row');
});

test('cgesProx with zero thresholds is the identity', () => {
  const values = randomValues(20, seededRandom(2), 1, 0.2);
  const out = runOp(values, [4, 5], (w) => cgesProx(w, { group: 0, exclusive: 0, grouping: 'output', exclusiveForm: 'exact' }));
  assert.deepEqual(Array.from(out), Array.from(new Float32Array(values)));
});

test('cgesProx rejects an unknown exclusive form with CgesError', () => {
  const w = tf.ones([2, 2]);
  const options = { group: 0.1, exclusive: 0.1, grouping: 'input' as const, exclusiveForm: 'fast' as ExclusiveForm };
  assert.throws(() => cgesProx(w, options), CgesError);
  assert.throws(() => cgesProx(w, options), /exclusiveForm/);
  w.dispose();
});
