// `npm run bench`: training throughput of the three networks on onednn, wasm and cpu against PyTorch,
// the prox step's share, per-kernel GFLOPS against oneDNN's own, and a leak check; prints tables and
// writes bench/results/latest.json. Run `npm run bench -- --help` for the flags.
import * as tf from '@tensorflow/tfjs-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { loadNativeAddon } from '../src/backend/native_addon.js';
import { parseBenchOptions, type BenchBackend } from './bench_options.js';
import type { BenchResults } from './bench_results.js';
import { measureKernelGflops } from './kernel_gflops.js';
import { runLeakCheck } from './leak_check.js';
import { runPytorchReference } from './pytorch_reference.js';
import { environmentLine, kernelTable, leakTable, throughputTable } from './report_tables.js';
import { measureThroughput, useBackend } from './training_throughput.js';

const LEAK_NETWORK = 'lenet-300-100';

function progress(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2));
  const addon = loadNativeAddon();
  const results: BenchResults = {
    environment: {
      date: new Date().toISOString(), node: process.version, cpus: `${cpus().length} x ${cpus()[0]?.model ?? '?'}`,
      threads: options.threads, onednn: addon?.version(), loadAverage: loadavg()[0],
    },
    backends: [],
    throughput: [],
  };

  // PyTorch first and alone, so the two frameworks never compete for the cores.
  if (options.pytorch) {
    progress('PyTorch reference...');
    results.pytorch = runPytorchReference({ networks: options.networks, threads: options.threads, quick: options.quick });
    if (!results.pytorch.available) progress(results.pytorch.reason);
  }

  for (const backend of options.backends) {
    const status = await useBackend(backend, options.threads);
    results.backends.push(status);
    if (!status.available) {
      progress(`${backend} is not available: ${status.reason ?? ''}`);
      continue;
    }
    results.throughput.push(...measureThroughput(backend, options.networks, options.quick, (r) =>
      progress(`${r.backend} ${r.network}: ${r.samplesPerS.toFixed(1)} samples/s (${r.stepMs.toFixed(1)} ms/step of ${r.batchSize})`)));
  }

  const fastest = results.backends.find((status) => status.available)?.backend;
  if (options.kernels && addon !== null && (await useBackend('onednn', options.threads)).available) {
    results.kernels = measureKernelGflops(addon, options.quick, (k) =>
      progress(`${k.kernel}: ${k.tfjsGflops.toFixed(1)} GFLOPS via TF.js, ${k.directGflops.toFixed(1)} direct`));
  }
  // The leak check runs where training runs: onednn when built, even if this run did not time it.
  const leakOn: BenchBackend | undefined = addon !== null ? 'onednn' : fastest;
  if (leakOn !== undefined) {
    await useBackend(leakOn, options.threads);
    progress(`leak check: ${options.leakSteps} steps of ${LEAK_NETWORK} on ${tf.getBackend()}...`);
    results.leakCheck = runLeakCheck(LEAK_NETWORK, options.leakSteps);
  }

  console.log(environmentLine(results));
  console.log(throughputTable(results));
  if (results.kernels !== undefined) console.log(kernelTable(results));
  if (results.leakCheck !== undefined) console.log(leakTable(results));
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`results written to ${options.out}`);
}

await main();
