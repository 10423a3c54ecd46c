// oneDNN 2.6's JIT GEMM kernels point rsp at a heap block while they run, so a signal arriving then
// wrote its frame over malloc's headers (native/signal_guard.h). `node --cpu-prof` sends SIGPROF every
// sampling interval; a child process profiled at a short interval runs LeNet-300-100's matmuls, which
// before the fix aborted with glibc's "corrupted size vs. prev_size" within a second.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nativeAddonPath } from '../../src/backend/native_addon.js';

// Forward, input-gradient and weight-gradient products of the first layer (batch 100), each transpose.
const CHILD = `
const addon = require(process.env.CGES_ADDON);
const shapes = [[100, 784, 300, false, false], [100, 300, 784, false, true], [784, 100, 300, true, false],
  [100, 300, 100, false, false], [300, 100, 100, true, false]];
const buffers = shapes.map(([m, k, n, ta, tb]) => [new Float32Array(m * k).fill(0.5),
  new Float32Array(k * n).fill(0.25), new Float32Array(m * n), [1, 1, m, k, n], ta, tb]);
const started = Date.now();
while (Date.now() - started < 2000) {
  for (const [a, b, out, shape, ta, tb] of buffers) {
    addon.batchMatMul(a, b, out, shape, ta, tb);
    if (out[out.length - 1] !== 0.125 * shape[3]) throw new Error('wrong product ' + out[out.length - 1]);
  }
}
`;

test('native matmuls survive a profiler signalling every 100 us', (t) => {
  const addonPath = nativeAddonPath();
  if (addonPath === null) return t.skip('the oneDNN addon is not built');
  const profiles = mkdtempSync(join(tmpdir(), 'cges-signal-'));
  try {
    const child = spawnSync(process.execPath,
      ['--cpu-prof', '--cpu-prof-dir', profiles, '--cpu-prof-interval', '100', '-e', CHILD],
      { env: { ...process.env, CGES_ADDON: addonPath, MALLOC_CHECK_: '3' }, encoding: 'utf8',
        timeout: 60_000 });
    assert.equal(child.signal, null, `the child died of ${child.signal}: ${child.stderr}`);
    assert.equal(child.status, 0, child.stderr);
  } finally {
    rmSync(profiles, { recursive: true, force: true });
  }
});
