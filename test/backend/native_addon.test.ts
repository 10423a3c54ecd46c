// The addon's boundary (native/addon.cc, napi_args.h, element_count.h, primitive_cache.h): every export
// turns a bad call into a JS error naming itself, never a crash; a oneDNN error, a failed allocation and
// any other C++ exception become JS errors too; sizes whose products overflow and integers a JS number
// cannot hold exactly are refused, naming the kernel and the argument; and a primitive cached for one
// thread count is never run by another.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs-core';
import { loadNativeAddon, nativeAddonPath } from '../../src/backend/native_addon.js';
import { registerOneDnnBackend } from '../../src/backend/onednn_backend.js';
import { assertAllClose, onBothBackends, seededValues, skipWithoutAddon } from './kernels/backend_compare.js';

// Entry points that take no arguments: called with any, they answer.
const QUERIES = new Set(['getThreads', 'version', 'primitiveCacheKeys']);

/** Runs `body` (JavaScript, with `addon` loaded) in a child Node, so that a crash fails the test, not the runner. */
function inChild(body: string): { status: number | null; signal: NodeJS.Signals | null; output: unknown } {
  const script = `const addon = require(${JSON.stringify(nativeAddonPath())});\n${body}`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
  const lines = child.stdout.trim().split('\n');
  return { status: child.status, signal: child.signal, output: child.status === 0 ? JSON.parse(lines[lines.length - 1]) : child.stderr };
}

test('every export answers bad arguments with a JS error naming it', { skip: skipWithoutAddon }, () => {
  const { status, signal, output } = inChild(`
    const results = [];
    const bad = [[], [{}, 'x', -1, NaN, null, 2 ** 64, [1, 2], true, 0.5], [new Float32Array(1), new Float32Array(2),
      new Float32Array(3), 1e300, -0, [2 ** 63, 1, 1, 1, 1], new Float32Array(0), 'relu', 0]];
    for (const name of Object.keys(addon)) {
      for (const args of bad) {
        try { addon[name](...args); results.push({ name, returned: true }); }
        catch (error) { results.push({ name, error: error instanceof Error ? error.message : String(error) }); }
      }
    }
    console.log(JSON.stringify(results));`);
  assert.equal(signal, null, `the child died of ${signal}: ${String(output)}`);
  assert.equal(status, 0, String(output));
  const results = output as { name: string; returned?: boolean; error?: string }[];
  assert.ok(results.length >= 3 * 30, `${results.length / 3} exports`);
  for (const { name, returned, error } of results) {
    if (QUERIES.has(name)) continue;
    assert.ok(returned !== true, `${name} accepted bad arguments`);
    assert.match(error ?? '', new RegExp(`^${name}[:(]`), `${name}'s error names it`);
  }
});

test('a oneDNN error, a failed allocation and any C++ exception become JS errors naming the entry point',
  { skip: skipWithoutAddon }, () => {
    const { status, signal, output } = inChild(`
      const messages = ['onednn', 'alloc', 'std', 'other'].map((kind) => {
        try { addon.throwNativeError(kind); return 'returned'; } catch (error) { return error.message; }
      });
      console.log(JSON.stringify(messages));`);
    assert.equal(signal, null, `the child died of ${signal}: ${String(output)}`);
    assert.equal(status, 0, String(output));
    assert.deepEqual(output, [
      'throwNativeError: oneDNN error (status 2): a oneDNN call was given invalid arguments',
      'throwNativeError: out of memory',
      'throwNativeError: a length went past the limit',
      'throwNativeError: unknown native error',
    ]);
  });

test('sizes whose products overflow, and integers past 2^53, are refused naming the kernel and the argument',
  { skip: skipWithoutAddon }, () => {
    const addon = loadNativeAddon();
    assert.ok(addon !== null);
    const one = () => new Float32Array(1);
    const big = 2 ** 40;
    const cases: [() => void, RegExp][] = [
      [() => addon.sum(one(), one(), big, big, big), /^sum: argument outer \* mid \* inner has more elements/],
      [() => addon.cgesProx(one(), big, big, 0, 0, 0, true, false, one()), /^cgesProx: argument rows \* cols has more/],
      [() => addon.softmaxCrossEntropy(one(), one(), big, big, one(), one(), one()),
        /^softmaxCrossEntropy: argument rows \* classes has more elements/],
      [() => addon.sum(one(), one(), 2 ** 63, 1, 1), /^sum: argument outer must be an integer from 1 to 2\^53 - 1/],
      [() => addon.softmaxCrossEntropy(one(), one(), 1, 2 ** 64, one(), one(), one()),
        /^softmaxCrossEntropy: argument classes must be an integer from 1 to 2\^53 - 1/],
      [() => addon.maxPool(one(), one(), [1, 1, 1, 1, 1, 1, 1, 2 ** 62, 1, 1, 1, 2 ** 62, 1, 0, 0, 0, 0]),
        /^maxPool: argument geometry must hold integers from 0 to 2\^53 - 1/],
      [() => addon.conv2d(one(), one(), one(), [1, 1, 1, 1, 1, 1, 1, 2 ** 40, 1, 1, 1, 2 ** 40, 1, 0, 0, 0, 0]),
        /^conv2d: argument geometry has more elements than fit in memory/],
      [() => addon.setThreads(2 ** 32 + 1), /^setThreads: argument n must be an integer from 1 to 4096/],
    ];
    for (const [call, message] of cases) {
      assert.throws(call, (error: Error) => {
        assert.match(error.message, message);
        return true;
      });
    }
  });

test('a primitive cached for one thread count is not run by another, and both give the cpu backend\'s numbers',
  { skip: skipWithoutAddon }, async () => {
    const addon = loadNativeAddon();
    assert.ok(addon !== null && registerOneDnnBackend());
    const threads = addon.getThreads();
    const shape: [number, number, number, number] = [4, 19, 19, 8];
    const x = seededValues(4 * 19 * 19 * 8, 90);
    const filter = seededValues(3 * 3 * 8 * 16, 91);
    const conv = () => [tf.conv2d(tf.tensor4d(x, shape), tf.tensor4d(filter, [3, 3, 8, 16]), 1, 'same')];
    const convKeys = () => addon.primitiveCacheKeys().filter((key) => key.startsWith('4,19,19,8,19,19,16,3,3,'));
    try {
      for (const count of [1, 2]) {
        addon.setThreads(count);
        const { cpu, onednn } = await onBothBackends(conv);
        assertAllClose(onednn[0], cpu[0], `conv on ${count} threads`);
        assert.ok(convKeys().some((key) => key.endsWith(`@${count}t`)), `a conv primitive built for ${count}: ${convKeys()}`);
      }
      assert.equal(new Set(convKeys().map((key) => key.slice(key.lastIndexOf('@')))).size, 2, 'one per thread count');
    } finally {
      addon.setThreads(threads);
    }
  });
