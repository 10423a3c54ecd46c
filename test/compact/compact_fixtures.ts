// What every graph compaction test checks (not a test file itself): the compacted model, and the same
// model saved and loaded back with plain tfl.loadLayersModel, give the original's outputs, every output
// of a model with several, on seeded inputs for every input; measured without the compaction's own check.
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { compactGraph, type GraphCompaction } from '../../src/compact/compact_graph.js';
import { reloadWithPlainTfjs, uniformInputs } from '../structure/fixtures.js';

/** max |a(x) - b(x)| per output. */
export function maxOutputDiffs(a: tfl.LayersModel, b: tfl.LayersModel, inputs: tf.Tensor[]): number[] {
  return tf.tidy(() => {
    const x = inputs.length === 1 ? inputs[0] : inputs;
    const [ya, yb] = [a.predict(x), b.predict(x)].map((y) => (Array.isArray(y) ? y : [y]));
    assert.equal(yb.length, ya.length);
    return ya.map((y, i) => tf.max(tf.abs(tf.sub(y, yb[i]))).dataSync()[0]);
  });
}

/** Seeded inputs in [-1, 1) for every input of the model, `count` examples each. */
export function seededModelInputs(model: tfl.LayersModel, count = 16): tf.Tensor[] {
  return model.inputs.map((input, i) => uniformInputs([count, ...input.shape.slice(1).map((d) => d ?? 1)], 3 + i));
}

/** compactGraph(model), checked equal on every output, as built and as reloaded with plain TF.js. */
export async function compactEqual(model: tfl.LayersModel, tolerance = 1e-5): Promise<GraphCompaction> {
  const result = await compactGraph(model);
  const inputs = seededModelInputs(model);
  const reloaded = await reloadWithPlainTfjs(result.model);
  for (const compacted of [result.model, reloaded]) {
    const diffs = maxOutputDiffs(model, compacted, inputs);
    assert.ok(diffs.every((d) => d <= tolerance), `max |output difference| ${diffs.join(', ')}`);
  }
  tf.dispose(inputs);
  reloaded.dispose();
  return result;
}
