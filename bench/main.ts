// `npm run bench`: training throughput of the three networks on onednn, wasm and cpu against PyTorch, of
// resnet and mobilenet on onednn with and without the layer kernels against PyTorch,
// the prox step's share, per-kernel GFLOPS against oneDNN's own, and a leak check; prints tables and
// writes bench/results/latest.json. Run `npm run bench -- --help` for the flags.
import * as tf from '@tensorflow/tfjs-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { loadNativeAddon } from '../src/backend/native_addon.js';
import { parseBenchOptions, type BenchBackend, type BenchOptions } from './bench_options.js';
import type { BenchResults } from './bench_results.js';
import { anyModelWorkload, measureAnyModel } from './any_model_throughput.js';
import { browserTable } from './browser/browser_table.js';
import { measureKernelGflops } from './kernel_gflops.js';
import { runLeakCheck } from './leak_check.js';
import { mergePytorchRuns, runPytorchReference, type PytorchResults } from './pytorch_reference.js';
import { profileStep } from './op_profile.js';
import {
  anyModelTable, dataShareTable, environmentLine, fitTable, kernelTable, leakTable, profileTables, shrinkTable, throughputTable,
} from './report_tables.js';
import { measureNetwork, useBackend } from './training_throughput.js';

const LEAK_NETWORK = 'lenet-300-100';

function progress(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

/**
 * Samples/s of every network on every backend. PyTorch runs one network at a time, each just before the
 * first backend (onednn unless left out) times the same network, so each ratio compares two runs taken
 * under the same load; the two never run at once.
 */
async function timeTraining(options: BenchOptions, results: BenchResults): Promise<void> {
  const pytorchRuns: PytorchResults[] = [];
  const runPytorch = (networks: string[]) => {
    progress(`PyTorch ${networks.join(', ')}...`);
    pytorchRuns.push(runPytorchReference({ networks, threads: options.threads, quick: options.quick }));
  };
  for (const [index, backend] of options.backends.entries()) {
    const status = await useBackend(backend, options.threads);
    results.backends.push(status);
    if (!status.available) progress(`${backend} is not available: ${status.reason ?? ''}`);
    for (const network of options.networks) {
      if (options.pytorch && index === 0) runPytorch([network]);
      if (!status.available) continue;
      const r = measureNetwork(backend, network, options.quick);
      progress(`${backend} ${network}: ${r.samplesPerS.toFixed(1)} samples/s (${r.stepMs.toFixed(1)} ms/step of ${r.batchSize})`);
      results.throughput.push(r);
    }
  }
  if (options.pytorch && pytorchRuns.length === 0) runPytorch(options.networks);
  if (options.pytorch) results.pytorch = mergePytorchRuns(pytorchRuns);
  if (results.pytorch?.available === false) progress(results.pytorch.reason);
}

// The optional measurements' modules are imported only when asked for: with the browser bench's
// playwright-core and esbuild loaded, the training throughput measured first came out a quarter slower
// (cges train itself was not).
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

  await timeTraining(options, results);

  if (options.anyModel.length > 0 && addon !== null && options.backends.includes('onednn') &&
    (await useBackend('onednn', options.threads)).available) {
    results.anyModel = measureAnyModel(options.anyModel, { rounds: options.quick ? 2 : 5, pytorch: options.pytorch,
      withoutLayerKernels: options.withoutLayerKernels,
      threads: options.threads, quick: options.quick }, progress);
  }

  const fastest = results.backends.find((status) => status.available)?.backend;
  // The extra measurements run where training runs: onednn when built, else the fastest available.
  const onFastest = async () => (await useBackend(addon !== null ? 'onednn' : fastest ?? 'cpu', options.threads)).available;
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

  if (options.profile && (await onFastest())) {
    results.profiles = [];
    for (const network of options.networks) {
      progress(`profiling a ${network} step on ${tf.getBackend()}...`);
      results.profiles.push(await profileStep(network, options.quick ? 3 : 10));
    }
    for (const network of options.anyModel) {
      progress(`profiling a ${network} step on ${tf.getBackend()}...`);
      results.profiles.push(await profileStep(network, options.quick ? 3 : 10, anyModelWorkload(network)));
    }
  }
  if (options.fit && (await onFastest())) {
    progress(`model.fit + CgesCallback against the own loop on ${tf.getBackend()}...`);
    const { compareFitWithLoop } = await import('./fit_vs_loop.js');
    results.fitVsLoop = await compareFitWithLoop(options.quick);
  }
  if (options.shrink && (await onFastest())) {
    const { measureShrinkSaving } = await import('./shrink_saving.js');
    results.shrinkSaving = await measureShrinkSaving(options.quick, progress);
  }

  if (options.dataShare && (await onFastest())) {
    progress(`data work against a VGG-style step on ${tf.getBackend()}...`);
    const { measureDataShare } = await import('./data_share.js');
    results.dataShare = measureDataShare(options.quick);
  }

  if (options.browser) {
    const { BROWSER_NETWORKS, measureBrowser } = await import('./browser/browser_bench.js');
    const networks = BROWSER_NETWORKS.filter((network) => options.networks.includes(network));
    results.browser = await measureBrowser(
      { networks, runDirs: options.browserModels, quick: options.quick, threads: options.threads }, progress);
  }

  console.log(environmentLine(results));
  console.log(throughputTable(results));
  if (results.anyModel !== undefined) console.log(anyModelTable(results));
  if (results.kernels !== undefined) console.log(kernelTable(results));
  if (results.leakCheck !== undefined) console.log(leakTable(results));
  if (results.profiles !== undefined) console.log(profileTables(results));
  if (results.fitVsLoop !== undefined) console.log(fitTable(results));
  if (results.shrinkSaving !== undefined) console.log(shrinkTable(results));
  if (results.dataShare !== undefined) console.log(dataShareTable(results));
  if (results.browser !== undefined) console.log(browserTable(results.browser));
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`results written to ${options.out}`);
}

await main();
